package io.partysocket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.spi.CloseInfo;
import io.partysocket.tck.RecordingListener.Closed;
import io.partysocket.tck.server.FaultProxy;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Closing handshake, abnormal ends, and liveness cases. */
abstract class CloseCases extends CaseSupport {

  CloseCases(TransportTck owner) {
    super(owner);
  }

  @Test
  void clientCloseHandshake() {
    Link link = openScripted("/close");

    await(link.connection().close(1000, "bye"));

    ServerEvent.Close received = link.peer().await(ServerEvent.Close.class, WAIT);
    assertThat(received.code()).isEqualTo(1000);
    assertThat(received.reason()).isEqualTo("bye");
    CloseInfo closed = link.listener().awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1000);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(closed.clean()).as("clean").isTrue();
    assertThat(link.peer().awaitTcpEnd(WAIT)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 999, 1004, 1005, 1006, 1015, 2999, 5000})
  void closeCodeValidationRejects(int code) {
    Link link = openScripted("/close-code");

    assertThatThrownBy(() -> link.connection().close(code, ""))
        .isInstanceOf(IllegalArgumentException.class);
    await(link.connection().sendText("still open"));

    assertThat(link.listener().awaitTexts(1, WAIT)).containsExactly("still open");
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 1001, 3000, 4999})
  void closeCodeValidationAccepts(int code) {
    Link link = openScripted("/close-code");

    link.connection().close(code, "€".repeat(41));

    assertThat(link.peer().await(ServerEvent.Close.class, WAIT).code()).isEqualTo(code);
    assertThat(link.listener().awaitClosed(WAIT).code()).isEqualTo(code);
  }

  @Test
  void closeReasonOver123BytesRejected() {
    Link link = openScripted("/close-reason");

    assertThatThrownBy(() -> link.connection().close(1000, "x".repeat(124)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> link.connection().close(1000, "€".repeat(41) + "x"))
        .isInstanceOf(IllegalArgumentException.class);
    await(link.connection().sendText("still open"));

    assertThat(link.listener().awaitTexts(1, WAIT)).containsExactly("still open");
  }

  @Test
  void serverCloseEchoed() {
    Link link = openScripted("/server-close");

    link.peer().close(4001, "going");

    assertThat(link.peer().await(ServerEvent.Close.class, WAIT).code()).isEqualTo(4001);
    CloseInfo closed = link.listener().awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(4001);
    assertThat(closed.reason()).isEqualTo("going");
    assertThat(closed.remote()).as("remote").isTrue();
    assertThat(closed.clean()).as("clean").isTrue();
  }

  @Test
  void serverCloseWithoutCode() {
    Link link = openScripted("/server-close-empty");

    link.peer().closeWithoutCode();

    CloseInfo closed = link.listener().awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1005);
    assertThat(closed.remote()).as("remote").isTrue();
    ServerEvent.Close reply = link.peer().await(ServerEvent.Close.class, WAIT);
    assertThat(reply.code()).as("code of the client's reply").isIn(1000, 1005);
    assertThat(link.peer().awaitTcpEnd(WAIT)).isNotNull();
  }

  @Test
  void closeTimeoutWhenPeerSilent() {
    Link link = openScripted("/silent");
    link.peer().answerClose(false);
    long start = System.nanoTime();

    link.connection().close(1000, "bye");

    CloseInfo closed = link.listener().awaitClosed(WAIT);
    long elapsed = millisSince(start);
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.clean()).as("clean").isFalse();
    assertThat(elapsed)
        .as("milliseconds from close to onClosed with a close timeout of 1000 ms")
        .isBetween(900L, CLOSE_TIMEOUT.toMillis() + 1000);
    assertThat(link.peer().awaitTcpEnd(WAIT)).isNotNull();
  }

  @Test
  void tcpResetIsAbnormal() {
    Link link = openScripted("/reset");

    link.peer().reset();

    CloseInfo closed = link.listener().awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.clean()).as("clean").isFalse();
    assertThat(closed.remote()).as("remote").isTrue();
    assertThat(closed.cause()).as("cause").isNotNull();
    assertThat(link.listener().arrivesWithin(Closed.class, 2, QUIET)).isFalse();
  }

  @Test
  void tcpFinWithoutCloseIsAbnormal() {
    Link link = openScripted("/fin");

    link.peer().fin();

    CloseInfo closed = link.listener().awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.clean()).as("clean").isFalse();
    assertThat(closed.remote()).as("remote").isTrue();
    assertThat(link.listener().arrivesWithin(Closed.class, 2, QUIET)).isFalse();
    assertThat(link.peer().awaitTcpEnd(WAIT)).isNotNull();
  }

  @Test
  void abortReportsOnce() {
    Link link = openScripted("/abort");

    link.connection().abort();
    link.connection().abort();

    CloseInfo closed = link.listener().awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(closed.clean()).as("clean").isFalse();
    assertThat(link.listener().arrivesWithin(Closed.class, 2, QUIET)).isFalse();
    assertThat(link.peer().awaitTcpEnd(WAIT)).isNotNull();
  }

  @Test
  void pendingSendsFailAfterAbort() {
    server.enqueue(Handshake.accept().noEcho());
    Link link = openScripted("/pending");
    link.peer().stopReading();
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sends.add(
          link.connection()
              .sendBinary(ByteBuffer.wrap(new byte[256 * 1024]))
              .toCompletableFuture());
    }
    awaitCondition(() -> link.connection().bufferedAmount() > 0, WAIT, "bufferedAmount above 0");

    link.connection().abort();
    link.listener().awaitClosed(WAIT);
    List<CompletableFuture<Void>> pending = sends.stream().filter(s -> !s.isDone()).toList();
    link.peer().resumeReading();

    for (CompletableFuture<Void> send : pending) {
      assertThat(awaitFailure(send, WAIT)).as("stage pending at onClosed").isNotNull();
    }
    assertThat(link.peer().awaitTcpEnd(WAIT)).isNotNull();
  }

  @Test
  @Tag("slow")
  void idleConnectionStaysOpen() {
    Link link = openScripted("/idle");

    boolean closed = link.listener().arrivesWithin(Closed.class, 1, Duration.ofSeconds(35));
    await(link.connection().sendText("after 35 s"));

    assertThat(closed).as("closed while idle").isFalse();
    assertThat(link.listener().awaitTexts(1, WAIT)).containsExactly("after 35 s");
  }

  @Test
  void silentPeerDetectedByHeartbeat() throws IOException {
    assumeCapability(capabilities().nativeHeartbeat(), "nativeHeartbeat");
    FaultProxy proxy = closeLater(FaultProxy.start(server.port()));
    Duration interval = Duration.ofMillis(500);
    RecordingListener listener = listener();
    open(request(proxy.uri("/heartbeat")).heartbeatInterval(interval).build(), listener);

    proxy.blackhole();
    long start = System.nanoTime();

    CloseInfo closed = listener.awaitClosed(WAIT);
    long detectedAfter = millisSince(start);
    // Forward again so the client's end reaches the server and the case leaves no socket open.
    proxy.forward();

    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.clean()).as("clean").isFalse();
    assertThat(detectedAfter)
        .as("milliseconds until a silent peer is detected with a 500 ms heartbeat")
        .isLessThanOrEqualTo(2 * interval.toMillis() + 1000);
  }
}
