package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.spi.TransportCapabilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Heartbeat, jitter, the connect gate, queue bounds, the connect hook, headers and shutdown. */
class ResilienceTest extends EngineTestSupport {

  private void pingCapable() {
    transport.capabilities =
        TransportCapabilities.builder().pingWithPayload(true).pongEvents(true).build();
  }

  @Test
  void heartbeatDropsSilentConnection() {
    pingCapable();
    ReconnectingWebSocket socket =
        openSocket(options().heartbeatInterval(ms(1000)).heartbeatTimeout(ms(500)).build());
    EventRecorder recorder = new EventRecorder(socket);
    FakeTransport.Connection connection = transport.last().connection;

    scheduler.advance(ms(1000));
    assertThat(connection.pings).hasSize(1);
    scheduler.advance(ms(499));
    assertThat(recorder.seen).isEmpty();
    scheduler.advance(ms(1));

    assertThat(connection.aborted).isTrue();
    CloseEvent close = recorder.of(CloseEvent.class).get(0);
    assertThat(close.code()).isEqualTo(1006);
    assertThat(close.reason()).isEqualTo("heartbeat timeout");
    assertThat(close.cause())
        .isInstanceOf(HeartbeatTimeoutException.class)
        .hasMessageContaining("500 ms");
    scheduler.runNext();
    assertThat(transport.attempts).hasSize(2);
  }

  @Test
  void heartbeatKeptAliveByPongs() {
    pingCapable();
    ReconnectingWebSocket socket =
        openSocket(options().heartbeatInterval(ms(1000)).heartbeatTimeout(ms(500)).build());
    FakeTransport.Connection connection = transport.last().connection;
    for (int i = 0; i < 5; i++) {
      scheduler.advance(ms(1000));
      connection.pong();
    }
    scheduler.advance(ms(999));

    assertThat(socket.readyState()).isEqualTo(ReconnectingWebSocket.OPEN);
    assertThat(connection.pings).hasSize(5);
    assertThat(connection.aborted).isFalse();
  }

  @Test
  void heartbeatKeptAliveByMessages() {
    pingCapable();
    ReconnectingWebSocket socket =
        openSocket(options().heartbeatInterval(ms(1000)).heartbeatTimeout(ms(500)).build());
    FakeTransport.Connection connection = transport.last().connection;
    scheduler.advance(ms(1200));
    connection.receive("still here");
    scheduler.advance(ms(300));

    assertThat(socket.readyState()).isEqualTo(ReconnectingWebSocket.OPEN);
  }

  @Test
  void heartbeatStateResetPerConnection() {
    pingCapable();
    ReconnectingWebSocket socket =
        openSocket(
            options()
                .heartbeatInterval(ms(1000))
                .heartbeatTimeout(ms(500))
                .minReconnectionDelay(ms(10))
                .build());
    scheduler.advance(ms(900));
    transport.last().connection.drop();
    scheduler.runNext();
    FakeTransport.Connection second = transport.last().open();
    scheduler.advance(ms(999));

    assertThat(second.pings).isEmpty();
    assertThat(socket.readyState()).isEqualTo(ReconnectingWebSocket.OPEN);
  }

  @Test
  void heartbeatKeepsIntervalWhenTimeoutLonger() {
    pingCapable();
    openSocket(options().heartbeatInterval(ms(500)).heartbeatTimeout(ms(3000)).build());
    FakeTransport.Connection connection = transport.last().connection;
    for (int i = 0; i < 6; i++) {
      scheduler.advance(ms(500));
      connection.pong();
    }

    assertThat(connection.pings).hasSize(6);
    assertThat(connection.aborted).isFalse();
  }

  @Test
  void heartbeatTimeoutCountsFromUnansweredPing() {
    pingCapable();
    ReconnectingWebSocket socket =
        openSocket(options().heartbeatInterval(ms(500)).heartbeatTimeout(ms(3000)).build());
    FakeTransport.Connection connection = transport.last().connection;
    scheduler.advance(ms(600));
    connection.receive("answer to the first ping");

    // Nothing arrives after the second ping, sent at 1000 ms.
    scheduler.advance(ms(3399));
    assertThat(socket.readyState()).isEqualTo(ReconnectingWebSocket.OPEN);
    scheduler.advance(ms(1));
    assertThat(connection.aborted).isTrue();
  }

  @Test
  void transportWithoutPingGetsInterval() {
    socket(options().heartbeatInterval(ms(1500)).build());
    scheduler.runDue();

    assertThat(transport.last().request.heartbeatInterval()).isEqualTo(ms(1500));
  }

  @Test
  void heartbeatEveryThirtySecondsByDefault() {
    pingCapable();
    openSocket(options().build());
    FakeTransport.Connection connection = transport.last().connection;

    scheduler.advance(ms(29_999));
    assertThat(connection.pings).isEmpty();
    scheduler.advance(ms(1));
    assertThat(connection.pings).hasSize(1);
    scheduler.advance(ms(10_000));
    assertThat(connection.aborted).as("aborted after the default 10 s timeout").isTrue();
  }

  @Test
  void zeroIntervalTurnsHeartbeatOff() {
    pingCapable();
    openSocket(options().heartbeatInterval(Duration.ZERO).build());
    scheduler.advance(ms(600_000));

    assertThat(transport.last().connection.pings).isEmpty();
    assertThat(transport.last().request.heartbeatInterval()).isEqualTo(Duration.ZERO);
  }

  @Test
  void jitterSpreadsDelaysAtCap() {
    List<Double> delays = new ArrayList<>();
    socket(
        options()
            .minReconnectionDelay(ms(1000))
            .maxReconnectionDelay(ms(1000))
            .reconnectionDelayJitter(0.5)
            .random(new SplittableRandom(7))
            .build());
    scheduler.runDue();
    for (int i = 0; i < 20; i++) {
      transport.last().refuse();
      delays.add(scheduler.nextDelayMillis());
      scheduler.runNext();
    }

    assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(500.0, 1000.0));
    assertThat(delays.stream().distinct().count()).isGreaterThan(15);
  }

  @Test
  void zeroJitterKeepsExactDelays() {
    socket(options().minReconnectionDelay(ms(1000)).maxReconnectionDelay(ms(1000)).build());
    scheduler.runDue();
    transport.last().refuse();

    assertThat(scheduler.nextDelayMillis()).isEqualTo(1000.0);
  }

  @Test
  void gateCapsAttemptsInFlight() {
    ConnectGate gate = new ConnectGate(2);
    WebSocketOptions shared = options().connectGate(gate).build();
    List<ReconnectingWebSocket> sockets = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sockets.add(socket(shared));
    }
    scheduler.runDue();

    assertThat(transport.attempts).hasSize(2);
    assertThat(gate.inFlight()).isEqualTo(2);
    assertThat(gate.waiting()).isEqualTo(3);
    transport.attempts.get(0).open();
    scheduler.runDue();
    assertThat(transport.attempts).hasSize(3);
    transport.attempts.get(1).refuse();
    scheduler.runDue();
    assertThat(transport.attempts).hasSize(4);
    sockets.get(4).close();
    transport.attempts.get(2).open();
    transport.attempts.get(3).open();
    scheduler.runDue();

    assertThat(transport.attempts).hasSize(4);
    assertThat(gate.inFlight()).isZero();
    assertThat(gate.waiting()).isZero();
  }

  @Test
  void timeoutStartsAfterGate() {
    ConnectGate gate = new ConnectGate(1);
    WebSocketOptions shared = options().connectGate(gate).connectionTimeout(ms(100)).build();
    socket(shared);
    socket(shared);
    scheduler.runDue();
    scheduler.advance(ms(90));
    transport.attempts.get(0).open();
    scheduler.runDue();
    scheduler.advance(ms(90));

    assertThat(transport.attempts).hasSize(2);
    assertThat(transport.attempts.get(1).cancelled()).isFalse();
    scheduler.advance(ms(10));
    assertThat(transport.attempts.get(1).cancelled()).isTrue();
  }

  @Test
  void byteBoundRejects() {
    ReconnectingWebSocket socket = socket(options().maxEnqueuedBytes(5).build());

    assertThat(socket.send("abc").status()).isEqualTo(SendResult.Status.QUEUED);
    assertThat(socket.send("def").status()).isEqualTo(SendResult.Status.REJECTED);
    assertThat(socket.send("de").status()).isEqualTo(SendResult.Status.QUEUED);
    assertThat(socket.bufferedAmount()).isEqualTo(5);
  }

  @Test
  void dropOldestKeepsNewest() {
    ReconnectingWebSocket socket =
        socket(options().maxEnqueuedMessages(2).overflowPolicy(OverflowPolicy.DROP_OLDEST).build());
    CompletableFuture<Void> first = socket.send("1").written().toCompletableFuture();
    socket.send("2");

    SendResult third = socket.send("3");
    scheduler.runDue();
    transport.last().open();

    assertThat(third.status()).isEqualTo(SendResult.Status.QUEUED);
    assertThat(first).isCompletedExceptionally();
    Throwable cause = first.handle((v, e) -> e).join().getCause();
    assertThat(((UnsentMessageException) cause).reason())
        .isEqualTo(UnsentMessageException.Reason.DROPPED);
    assertThat(transport.last().connection.sent).containsExactly("2", "3");
  }

  @Test
  void dropOldestStillRejectsOversize() {
    ReconnectingWebSocket socket =
        socket(options().maxEnqueuedBytes(4).overflowPolicy(OverflowPolicy.DROP_OLDEST).build());
    socket.send("ab");

    assertThat(socket.send("abcde").status()).isEqualTo(SendResult.Status.REJECTED);
    assertThat(socket.bufferedAmount()).isEqualTo(2);
  }

  @Test
  void connectHookSendsBeforeBacklog() {
    ReconnectingWebSocket socket =
        socket(options().connectHook(session -> session.send("auth")).build());
    EventRecorder recorder = new EventRecorder(socket);
    socket.send("queued");
    scheduler.runDue();
    transport.last().open();

    assertThat(transport.last().connection.sent).containsExactly("auth", "queued");
    assertThat(recorder.types()).containsExactly("open");
  }

  @Test
  void asyncHookHoldsBacklog() {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    ReconnectingWebSocket socket =
        socket(
            options()
                .connectHook(
                    session -> {
                      session.send("auth");
                      return ready;
                    })
                .build());
    EventRecorder recorder = new EventRecorder(socket);
    socket.send("queued");
    scheduler.runDue();
    FakeTransport.Connection connection = transport.last().open();
    socket.send("while hook runs");

    assertThat(connection.sent).containsExactly("auth");
    assertThat(recorder.seen).isEmpty();
    ready.complete(null);
    assertThat(connection.sent).containsExactly("auth", "queued", "while hook runs");
    assertThat(recorder.types()).containsExactly("open");
  }

  @Test
  void failingHookClosesAndRetries() {
    ReconnectingWebSocket socket =
        socket(
            options()
                .minReconnectionDelay(ms(10))
                .connectHook(
                    session -> CompletableFuture.failedFuture(new IllegalStateException("denied")))
                .build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();
    FakeTransport.Connection connection = transport.last().open();

    assertThat(recorder.types()).containsExactly("open", "error", "close");
    assertThat(recorder.of(CloseEvent.class).get(0).code()).isEqualTo(1011);
    assertThat(connection.closeCode).isEqualTo(1011);
    scheduler.runNext();
    assertThat(transport.attempts).hasSize(2);
  }

  @Test
  void hookRunsOnEveryConnection() {
    AtomicInteger calls = new AtomicInteger();
    ReconnectingWebSocket socket =
        openSocket(
            options()
                .minReconnectionDelay(ms(10))
                .connectHook(
                    session -> {
                      calls.incrementAndGet();
                      return null;
                    })
                .build());
    transport.last().connection.drop();
    scheduler.runNext();
    transport.last().open();

    assertThat(calls).hasValue(2);
    assertThat(socket.readyState()).isEqualTo(ReconnectingWebSocket.OPEN);
  }

  @Test
  void headersResolvedPerAttempt() {
    AtomicInteger calls = new AtomicInteger();
    socket(
        options()
            .header("X-Static", "1")
            .headersProvider(
                HeadersProvider.of(
                    () -> Map.of("Authorization", List.of("Bearer t" + calls.incrementAndGet()))))
            .build());
    scheduler.runDue();
    transport.last().refuse();
    scheduler.runNext();

    Map<String, List<String>> headers = transport.last().request.headers();
    assertThat(headers.get("X-Static")).containsExactly("1");
    assertThat(headers.get("Authorization")).containsExactly("Bearer t2");
  }

  @Test
  void reservedProvidedHeaderFailsAttempt() {
    ReconnectingWebSocket socket =
        socket(
            options()
                .headersProvider(
                    HeadersProvider.async(
                        () -> {
                          CompletionStage<Map<String, List<String>>> stage =
                              CompletableFuture.completedFuture(Map.of("Host", List.of("evil")));
                          return stage;
                        }))
                .build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.of(ErrorEvent.class).get(0).message()).contains("\"Host\"");
    assertThat(transport.attempts).isEmpty();
  }

  @Test
  void controlCharacterInProvidedHeaderFailsAttempt() {
    ReconnectingWebSocket socket =
        socket(
            options()
                .headersProvider(
                    HeadersProvider.of(
                        () -> Map.of("Authorization", List.of("Bearer SECRET\u0001"))))
                .build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    ErrorEvent error = recorder.of(ErrorEvent.class).get(0);
    assertThat(error.message())
        .contains("headers provider returned an invalid header")
        .contains("\"Authorization\"")
        .contains("U+0001 at index 13")
        .doesNotContain("SECRET");
    assertThat(error.cause().getCause()).hasMessageNotContaining("SECRET");
    assertThat(transport.attempts).isEmpty();
  }

  @Test
  void nullProvidedHeaderValueFailsAttempt() {
    ReconnectingWebSocket socket =
        socket(
            options()
                .headersProvider(HeadersProvider.of(() -> Map.of("X-A", Arrays.asList("v", null))))
                .build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.of(ErrorEvent.class).get(0).message())
        .contains("null value for header \"X-A\"");
    assertThat(transport.attempts).isEmpty();
  }

  @Test
  void shutdownFailsQueueForGood() {
    transport.holdWrites = true;
    ReconnectingWebSocket socket = openSocket(options().build());
    CompletableFuture<Void> inFlight = socket.send("in flight").written().toCompletableFuture();
    socket.close();
    CompletableFuture<Void> queued = socket.send("queued").written().toCompletableFuture();

    socket.shutdown();

    assertThat(inFlight).isCompletedExceptionally();
    assertThat(queued).isCompletedExceptionally();
    assertThat(socket.send("late").status()).isEqualTo(SendResult.Status.REJECTED);
    assertThatThrownBy(socket::reconnect)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shut down");
    socket.shutdown();
  }

  @Test
  void shutdownStageWaitsForConnectionEnd() {
    ReconnectingWebSocket socket = openSocket(options().build());
    FakeTransport.Connection connection = transport.last().connection;

    CompletableFuture<Void> ended = socket.shutdown().toCompletableFuture();

    assertThat(connection.closeCode).isEqualTo(1000);
    assertThat(ended).isNotDone();
    connection.end(io.partysocket.spi.CloseInfo.localClose(1000, ""));
    assertThat(ended).isCompleted();
    assertThat(socket.shutdown().toCompletableFuture()).isCompleted();
  }

  @Test
  void shutdownBeforeConnectCompletesAtOnce() {
    ReconnectingWebSocket socket = socket(options().build());

    assertThat(socket.shutdown().toCompletableFuture()).isCompleted();
    scheduler.advance(ms(10_000));
    assertThat(transport.attempts).isEmpty();
  }

  @Test
  void shutdownWhileConnectingCompletesOnCancel() {
    ReconnectingWebSocket socket = socket(options().build());
    scheduler.runDue();

    CompletableFuture<Void> ended = socket.shutdown().toCompletableFuture();

    assertThat(transport.last().cancelled()).isTrue();
    assertThat(ended).isCompleted();
  }

  @Test
  void attemptEventsReportDelays() {
    ReconnectingWebSocket socket =
        socket(options().minReconnectionDelay(ms(100)).startClosed(true).build());
    List<AttemptEvent> attempts = new ArrayList<>();
    socket.addEventListener(EventType.ATTEMPT, attempts::add);
    socket.reconnect();
    scheduler.runDue();
    transport.last().refuse();

    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).retryCount()).isZero();
    assertThat(attempts.get(0).delay()).isEqualTo(Duration.ZERO);
    assertThat(attempts.get(0).previous()).isNull();
    assertThat(attempts.get(1).retryCount()).isEqualTo(1);
    assertThat(attempts.get(1).delay()).isEqualTo(ms(100));
    assertThat(attempts.get(1).previous().code()).isEqualTo(1006);
  }
}
