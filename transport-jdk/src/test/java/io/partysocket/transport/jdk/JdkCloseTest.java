package io.partysocket.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.transport.jdk.RawWebSocketServer.Frame;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdkCloseTest {

  private final JdkWebSocketFactory factory = new JdkWebSocketFactory();
  private final RecordingListener listener = new RecordingListener();

  /** Frames the raw server received from the client, then "EOF" when the client closed TCP. */
  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

  private RawWebSocketServer raw;

  @AfterEach
  void stop() throws Exception {
    factory.close();
    if (raw != null) {
      raw.close();
      assertThat(raw.scriptFailure()).isNull();
    }
  }

  @Test
  void clientCloseCompletesHandshake() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              Frame close = peer.readUntil(Frame.CLOSE);
              received.add(close);
              peer.sendClose(close.closeCode(), "");
              recordRest(peer);
            });
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).build());

    CompletionStage<Void> written = connection.close(1000, "bye");

    Frame close = nextFrame();
    assertThat(close.closeCode()).isEqualTo(1000);
    assertThat(close.closeReason()).isEqualTo("bye");
    assertThat(written.toCompletableFuture().get(5, TimeUnit.SECONDS)).isNull();
    CloseInfo info = listener.awaitClosed(5);
    assertThat(info.code()).isEqualTo(1000);
    assertThat(info.reason()).isEqualTo("bye");
    assertThat(info.remote()).isFalse();
    assertThat(info.clean()).isTrue();
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("EOF");
  }

  @Test
  void serverCloseIsEchoedOnce() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendClose(4001, "moving");
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    Frame reply = nextFrame();

    assertThat(reply.opcode).isEqualTo(Frame.CLOSE);
    assertThat(reply.closeCode()).isEqualTo(4001);
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("EOF");
    CloseInfo info = listener.awaitClosed(5);
    assertThat(info.code()).isEqualTo(4001);
    assertThat(info.reason()).isEqualTo("moving");
    assertThat(info.remote()).isTrue();
    assertThat(info.clean()).isTrue();
  }

  @Test
  void codeJdkRefusesIsSubstitutedOnWire() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              Frame close = peer.readUntil(Frame.CLOSE);
              received.add(close);
              peer.sendClose(close.closeCode(), "");
              recordRest(peer);
            });
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).build());

    connection.close(CloseCodes.TRY_AGAIN_LATER, "later");

    Frame close = nextFrame();
    assertThat(close.closeCode()).isEqualTo(CloseCodes.GOING_AWAY);
    assertThat(close.closeReason()).isEqualTo("later");
    CloseInfo info = listener.awaitClosed(5);
    assertThat(info.code()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
    assertThat(info.clean()).isTrue();
  }

  @Test
  void serverCodeJdkRefusesIsStillAnswered() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendClose(CloseCodes.SERVICE_RESTART, "restart");
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    Frame reply = nextFrame();

    assertThat(reply.closeCode()).isEqualTo(CloseCodes.GOING_AWAY);
    CloseInfo info = listener.awaitClosed(5);
    assertThat(info.code()).isEqualTo(CloseCodes.SERVICE_RESTART);
    assertThat(info.remote()).isTrue();
    assertThat(info.clean()).isTrue();
  }

  @Test
  void emptyServerCloseReports1005() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(true, Frame.CLOSE, new byte[0]);
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    Frame reply = nextFrame();

    assertThat(reply.opcode).isEqualTo(Frame.CLOSE);
    assertThat(reply.closeCode()).isEqualTo(1000);
    CloseInfo info = listener.awaitClosed(5);
    assertThat(info.code()).isEqualTo(CloseCodes.NO_STATUS_RECEIVED);
    assertThat(info.clean()).isTrue();
  }

  @Test
  void silentPeerHitsCloseTimeout() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              recordRest(peer);
            });
    WebSocketConnection connection =
        open(ConnectRequest.builder(raw.uri("/")).closeTimeout(Duration.ofMillis(500)).build());
    long start = System.nanoTime();

    connection.close(1000, "");

    CloseInfo info = listener.awaitClosed(5);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    assertThat(info.code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
    assertThat(info.clean()).isFalse();
    assertThat(info.remote()).isFalse();
    assertThat(nextFrame().opcode).isEqualTo(Frame.CLOSE);
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("EOF");
  }

  @Test
  void tcpFinIsAbnormal() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.closeTcp();
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    CloseInfo info = listener.awaitClosed(5);

    assertThat(info.code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
    assertThat(info.remote()).isTrue();
    assertThat(info.clean()).isFalse();
    assertThat(listener.count("onClosed")).isEqualTo(1);
  }

  @Test
  void tcpResetIsAbnormal() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.resetTcp();
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    CloseInfo info = listener.awaitClosed(5);

    assertThat(info.code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
    assertThat(info.remote()).isTrue();
    assertThat(info.clean()).isFalse();
    assertThat(info.cause()).isNotNull();
  }

  @Test
  void abortReportsOnce() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              recordRest(peer);
            });
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).build());

    RecordingListener.callInto(
        () -> {
          connection.abort();
          connection.abort();
        });

    CloseInfo info = listener.awaitClosed(5);
    assertThat(info.code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
    assertThat(info.remote()).isFalse();
    assertThat(info.clean()).isFalse();
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("EOF");
    assertThat(listener.count("onClosed")).isEqualTo(1);
    assertThat(listener.reentrant.get()).isZero();
  }

  @Test
  void sendAfterCloseFailsQuietly() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              recordRest(peer);
            });
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).build());
    connection.close(1000, "");

    CompletionStage<Void> afterClose = connection.sendText("late");

    assertThat(afterClose.toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void secondCloseReturnsFirstStage() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              recordRest(peer);
            });
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).build());
    CompletionStage<Void> first = connection.close(1000, "");

    CompletionStage<Void> second = connection.close(4000, "again");

    first.toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(second.toCompletableFuture()).isCompleted();
    assertThat(nextFrame().closeCode()).isEqualTo(1000);
  }

  @ParameterizedTest
  @ValueSource(ints = {999, 1004, 1005, 1006, 1015, 2999, 5000})
  void invalidCloseCodeRejected(int code) throws Exception {
    raw = RawWebSocketServer.start(peer -> peer.accept(null));
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).build());

    assertThatThrownBy(() -> connection.close(code, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void longCloseReasonRejected() throws Exception {
    raw = RawWebSocketServer.start(peer -> peer.accept(null));
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).build());

    assertThatThrownBy(() -> connection.close(1000, "x".repeat(124)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nothingAfterOnClosed() throws Exception {
    CountDownLatch serverDone = new CountDownLatch(1);
    raw =
        RawWebSocketServer.start(
            peer -> {
              try {
                peer.accept(null);
                for (int i = 0; i < 200; i++) {
                  peer.sendText("m" + i);
                }
                peer.sendFrame(true, Frame.PONG, new byte[] {1});
                peer.drainUntilEof();
              } finally {
                serverDone.countDown();
              }
            });
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).build());

    connection.abort();

    listener.awaitClosed(5);
    assertThat(serverDone.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.afterClosed.get()).isZero();
    assertThat(listener.calls.get(listener.calls.size() - 1)).isEqualTo("onClosed");
  }

  private WebSocketConnection open(ConnectRequest request) throws Exception {
    return factory.connect(request, listener).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private Frame nextFrame() throws InterruptedException {
    Object next = received.poll(5, TimeUnit.SECONDS);
    assertThat(next).isInstanceOf(Frame.class);
    return (Frame) next;
  }

  /** Records every frame the client sends, then "EOF" once the client closes TCP. */
  private void recordRest(RawWebSocketServer.Peer peer) throws Exception {
    Frame frame;
    while ((frame = peer.readFrame()) != null) {
      received.add(frame);
    }
    received.add("EOF");
  }
}
