package io.partysocket.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.server.FaultProxy;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.transport.netty.RawWebSocketServer.Frame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Frames after the handshake: messages, limits, UTF-8, pings, pongs and both closing handshakes.
 */
class NettyFrameTest {

  private final NettyWebSocketFactory factory = new NettyWebSocketFactory();
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
  void splitInvalidUtf8Closes1007() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              // C3 starts a two-byte sequence, which "(" cannot continue. They sit in two frames.
              peer.sendFrame(false, Frame.TEXT, new byte[] {'o', 'k', (byte) 0xC3});
              peer.sendFrame(true, Frame.CONTINUATION, new byte[] {'('});
              answerCloseAndRecord(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    Frame close = nextFrame();
    CloseInfo info = listener.awaitClosed(5);

    assertThat(close.closeCode()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(info.code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(info.remote()).isFalse();
    assertThat(listener.texts).isEmpty();
  }

  @Test
  void splitUtf8Delivered() throws Exception {
    byte[] text = "grüße 😀".getBytes(StandardCharsets.UTF_8);
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              for (int i = 0; i < text.length; i++) {
                int opcode = i == 0 ? Frame.TEXT : Frame.CONTINUATION;
                peer.sendFrame(i == text.length - 1, opcode, new byte[] {text[i]});
              }
              peer.drainUntilEof();
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    assertThat(listener.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("grüße 😀");
  }

  /** Each frame is under the limit, which Netty checks; only the whole message is over it. */
  @Test
  void smallFramesOverLimitClose1009() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              sendInFrames(peer, new byte[1000], 400);
              sendInFrames(peer, new byte[1001], 400);
              answerCloseAndRecord(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).maxInboundMessageBytes(1000).build());

    Frame close = nextFrame();
    CloseInfo info = listener.awaitClosed(5);

    assertThat(listener.binaries.poll(5, TimeUnit.SECONDS)).isEqualTo(ByteBuffer.allocate(1000));
    assertThat(close.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(info.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(info.clean()).as("clean").isTrue();
    assertThat(listener.binaries).isEmpty();
  }

  /** Netty's decoder rejects the frame by its header; the 1009 close frame must reach the wire. */
  @Test
  void frameOverLimitSends1009() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(true, Frame.BINARY, new byte[2000]);
              answerCloseAndRecord(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).maxInboundMessageBytes(1000).build());

    Frame close = nextFrame();
    CloseInfo info = listener.awaitClosed(5);

    assertThat(close.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(info.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(info.remote()).isFalse();
    assertThat(listener.binaries).isEmpty();
  }

  @Test
  void reservedOpcodeCloses1002() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(true, 0x3, new byte[] {1});
              answerCloseAndRecord(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    Frame close = nextFrame();

    assertThat(close.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
    assertThat(listener.awaitClosed(5).code()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
  }

  @Test
  void serverPingAnsweredWithPayload() throws Exception {
    byte[] payload = {0, 1, 2, (byte) 0xFF, 'p'};
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(true, Frame.PING, payload);
              received.add(peer.readUntil(Frame.PONG));
              peer.drainUntilEof();
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    Frame pong = nextFrame();
    ByteBuffer reported = listener.pings.poll(5, TimeUnit.SECONDS);

    assertThat(pong.payload).isEqualTo(payload);
    assertThat(reported).isEqualTo(ByteBuffer.wrap(payload));
  }

  @Test
  void pongsDelivered() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(true, Frame.PONG, "unsolicited".getBytes(StandardCharsets.UTF_8));
              Frame ping = peer.readUntil(Frame.PING);
              peer.sendFrame(true, Frame.PONG, ping.payload);
              peer.drainUntilEof();
            });
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).build());

    ByteBuffer unsolicited = listener.pongs.poll(5, TimeUnit.SECONDS);
    connection.ping(ByteBuffer.wrap("solicited".getBytes(StandardCharsets.UTF_8)));
    ByteBuffer solicited = listener.pongs.poll(5, TimeUnit.SECONDS);

    assertThat(unsolicited)
        .isEqualTo(ByteBuffer.wrap("unsolicited".getBytes(StandardCharsets.UTF_8)));
    assertThat(solicited).isEqualTo(ByteBuffer.wrap("solicited".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void serverCloseEchoedAndReported() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendClose(4001, "moving");
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    Frame reply = nextFrame();
    CloseInfo info = listener.awaitClosed(5);

    assertThat(reply.opcode).isEqualTo(Frame.CLOSE);
    assertThat(reply.closeCode()).isEqualTo(4001);
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("EOF");
    assertThat(info.code()).isEqualTo(4001);
    assertThat(info.reason()).isEqualTo("moving");
    assertThat(info.remote()).isTrue();
    assertThat(info.clean()).isTrue();
  }

  @Test
  void serverCloseWithoutCodeReports1005() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(true, Frame.CLOSE, new byte[0]);
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    Frame reply = nextFrame();
    CloseInfo info = listener.awaitClosed(5);

    assertThat(reply.closeCode()).isEqualTo(CloseCodes.NORMAL_CLOSURE);
    assertThat(info.code()).isEqualTo(CloseCodes.NO_STATUS_RECEIVED);
    assertThat(info.clean()).isTrue();
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

    CompletableFuture<Void> written = connection.close(1000, "bye").toCompletableFuture();

    Frame close = nextFrame();
    assertThat(close.closeCode()).isEqualTo(1000);
    assertThat(close.closeReason()).isEqualTo("bye");
    assertThat(written.get(5, TimeUnit.SECONDS)).isNull();
    CloseInfo info = listener.awaitClosed(5);
    assertThat(info.code()).isEqualTo(1000);
    assertThat(info.reason()).isEqualTo("bye");
    assertThat(info.remote()).isFalse();
    assertThat(info.clean()).isTrue();
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("EOF");
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
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(400), Duration.ofMillis(1500));
    assertThat(info.code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
    assertThat(info.clean()).isFalse();
    assertThat(info.remote()).isFalse();
    assertThat(nextFrame().opcode).isEqualTo(Frame.CLOSE);
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("EOF");
  }

  @Test
  void sendAfterCloseFails() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              recordRest(peer);
            });
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).build());
    CompletableFuture<Void> before = connection.sendText("before").toCompletableFuture();
    connection.close(1000, "");

    CompletableFuture<Void> after = connection.sendText("after").toCompletableFuture();

    before.get(5, TimeUnit.SECONDS);
    assertThat(Poll.until(after::isDone, Duration.ofSeconds(5))).isTrue();
    assertThat(after).isCompletedExceptionally();
    assertThat(((Frame) received.poll(5, TimeUnit.SECONDS)).text()).isEqualTo("before");
    assertThat(nextFrame().opcode).isEqualTo(Frame.CLOSE);
  }

  /** Netty never bounds the outbound buffer; the connection reports what the buffer holds. */
  @Test
  void bufferedAmountReportsPendingBytes() throws Exception {
    CountDownLatch resume = new CountDownLatch(1);
    int count = 32;
    int size = 1 << 20;
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              resume.await(10, TimeUnit.SECONDS);
              for (int i = 0; i < count; i++) {
                received.add(peer.readFrame());
              }
              peer.drainUntilEof();
            });
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).build());
    List<CompletableFuture<Void>> sends = new ArrayList<>();

    for (int i = 0; i < count; i++) {
      byte[] message = new byte[size];
      Arrays.fill(message, (byte) i);
      sends.add(connection.sendBinary(ByteBuffer.wrap(message)).toCompletableFuture());
    }
    boolean grew = Poll.until(() -> connection.bufferedAmount() > 8L * size, Duration.ofSeconds(5));
    long buffered = connection.bufferedAmount();
    resume.countDown();
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

    assertThat(grew).as("bufferedAmount above 8 MiB, last read %d", buffered).isTrue();
    assertThat(Poll.until(() -> connection.bufferedAmount() == 0, Duration.ofSeconds(5))).isTrue();
    for (int i = 0; i < count; i++) {
      Frame frame = nextFrame();
      assertThat(frame.payload[0]).as("first byte of message %d", i).isEqualTo((byte) i);
    }
  }

  @Test
  void heartbeatKeepsAnsweringPeer() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              Frame frame;
              while ((frame = peer.readFrame()) != null) {
                if (frame.opcode == Frame.PING) {
                  received.add(frame);
                  peer.sendFrame(true, Frame.PONG, frame.payload);
                }
              }
            });
    ConnectRequest request =
        ConnectRequest.builder(raw.uri("/")).heartbeatInterval(Duration.ofMillis(300)).build();
    open(request);

    Frame first = nextFrame();
    Frame second = nextFrame();
    boolean closed = Poll.until(listener.closed::isDone, Duration.ofSeconds(1));

    assertThat(first.opcode).isEqualTo(Frame.PING);
    assertThat(second.opcode).isEqualTo(Frame.PING);
    assertThat(closed).as("closed although every ping was answered").isFalse();
  }

  @Test
  void heartbeatEndsSilentPeer() throws Exception {
    try (ScriptedServer server = ScriptedServer.start();
        FaultProxy proxy = FaultProxy.start(server.port())) {
      Duration interval = Duration.ofMillis(300);
      open(ConnectRequest.builder(proxy.uri("/")).heartbeatInterval(interval).build());

      proxy.blackhole();
      long start = System.nanoTime();
      CloseInfo info = listener.awaitClosed(5);

      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(interval.multipliedBy(2).plusSeconds(1));
      assertThat(info.code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
      assertThat(info.clean()).as("clean").isFalse();
      assertThat(info.cause()).isInstanceOf(TimeoutException.class);
    }
  }

  private static void sendInFrames(RawWebSocketServer.Peer peer, byte[] message, int frameSize)
      throws Exception {
    for (int offset = 0; offset < message.length; offset += frameSize) {
      int end = Math.min(message.length, offset + frameSize);
      int opcode = offset == 0 ? Frame.BINARY : Frame.CONTINUATION;
      peer.sendFrame(end == message.length, opcode, Arrays.copyOfRange(message, offset, end));
    }
  }

  /** Replies to the client's close frame with the same code, then records what follows. */
  private void answerCloseAndRecord(RawWebSocketServer.Peer peer) throws Exception {
    Frame close = peer.readUntil(Frame.CLOSE);
    received.add(close);
    if (close != null) {
      peer.sendClose(close.closeCode(), "");
    }
    recordRest(peer);
  }

  /** Records every frame the client sends, then "EOF" once the client closes TCP. */
  private void recordRest(RawWebSocketServer.Peer peer) throws Exception {
    Frame frame;
    while ((frame = peer.readFrame()) != null) {
      received.add(frame);
    }
    received.add("EOF");
  }

  private WebSocketConnection open(ConnectRequest request) throws Exception {
    return factory.connect(request, listener).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private Frame nextFrame() throws InterruptedException {
    Object next = received.poll(5, TimeUnit.SECONDS);
    assertThat(next).isInstanceOf(Frame.class);
    return (Frame) next;
  }
}
