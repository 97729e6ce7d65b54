package io.partysocket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.CloseEvent;
import io.partysocket.ConnectGate;
import io.partysocket.ErrorEvent;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.SendResult;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.tck.server.FaultProxy;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Reconnecting through server restarts and timeouts, and what a socket leaves behind. */
abstract class ReconnectCases extends StackSupport {

  ReconnectCases(ReconnectingTck owner) {
    super(owner);
  }

  @Test
  void restartResendsQueuedOnce() throws IOException {
    // The heartbeat also ends a connection whose transport missed the server's close;
    // abruptCloseAfterMessage checks that without it. The timeout is long enough that a slow pong
    // cannot add a third connection.
    var client =
        start(
            server.uri("/restart"),
            options()
                .heartbeatInterval(Duration.ofMillis(500))
                .heartbeatTimeout(Duration.ofSeconds(2)));
    client.events().await(OPEN, 1, WAIT);
    ServerConnection first = liveConnection("/restart");
    for (int i = 0; i < 10; i++) {
      client.socket().send("open-" + i);
    }
    first.awaitCount(ServerEvent.Text.class, 10, WAIT);

    server.stop();
    CloseEvent lost = client.events().await(CLOSE, 1, WAIT);
    List<SendResult> queued = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      queued.add(client.socket().send("down-" + i));
    }
    server.restart();
    client.events().await(OPEN, 2, WAIT);
    ServerConnection second = liveConnection("/restart");
    // Anything sent twice would reach the server before this marker, which is sent last.
    client.socket().send("end");
    second.await(event -> event.equals(new ServerEvent.Text("end")), WAIT);

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      expected.add("down-" + i);
    }
    expected.add("end");
    assertThat(lost.code()).as("close code when the server went down").isEqualTo(1006);
    assertThat(queued).allMatch(result -> result.status() == SendResult.Status.QUEUED);
    assertThat(first.texts())
        .as("first connection")
        .hasSize(10)
        .allMatch(t -> t.startsWith("open-"));
    assertThat(second.texts()).as("connection after the restart").isEqualTo(expected);
    assertThat(server.acceptedCount()).as("connections that reached the server").isEqualTo(2);
  }

  /**
   * The server sends a message and closes the TCP connection at once, without a close frame, as a
   * server process that exits after a last broadcast does. With no heartbeat, only the transport
   * can notice; the socket must see the close and reconnect every time.
   */
  @Test
  void abruptCloseAfterMessage() {
    int rounds = 20;
    var client =
        start(
            server.uri("/abrupt"),
            options()
                .heartbeatInterval(Duration.ZERO)
                .minReconnectionDelay(Duration.ofMillis(50))
                .maxReconnectionDelay(Duration.ofMillis(50)));

    for (int round = 1; round <= rounds; round++) {
      client.events().await(OPEN, round, WAIT);
      ServerConnection peer = liveConnection("/abrupt");
      peer.sendText("last words " + round);
      peer.disconnect();
      boolean closed = client.events().arrivesWithin(CLOSE, round, WAIT);
      assertThat(closed)
          .as(
              "close event within %d ms of the server closing after message %d",
              WAIT.toMillis(), round)
          .isTrue();
    }
    assertThat(client.events().events(CLOSE)).allMatch(close -> close.code() == 1006);
  }

  @Test
  void stalledHandshakeTimesOut() {
    server.enqueue(Handshake.stall());
    var client = start(server.uri("/stall"), options());

    client.events().await(OPEN, 1, Duration.ofSeconds(10));
    long attemptNanos = client.events().entries(ATTEMPT).get(0).nanos();
    long errorNanos = client.events().entries(ERROR).get(0).nanos();
    ErrorEvent error = client.events().events(ERROR).get(0);
    CloseEvent close = client.events().events(CLOSE).get(0);
    long timedOutAfter = TimeUnit.NANOSECONDS.toMillis(errorNanos - attemptNanos);

    assertThat(client.events().typeNames())
        .containsExactly("attempt", "error", "close", "attempt", "open");
    assertThat(error.cause()).isInstanceOf(ConnectFailedException.class);
    assertThat(((ConnectFailedException) error.cause()).kind())
        .isEqualTo(ConnectFailedException.Kind.HANDSHAKE_TIMEOUT);
    assertThat(close.code()).isEqualTo(1006);
    assertThat(close.reason()).isEqualTo("timeout");
    assertThat(close.wasClean()).isFalse();
    // The attempt event reaches the recorder after the socket armed the timeout, so a slow
    // delivery thread shortens the measured time. The lower bound allows for that.
    assertThat(timedOutAfter)
        .as("time from the attempt to the timeout, in ms")
        .isBetween(CONNECTION_TIMEOUT.toMillis() - 250, CONNECTION_TIMEOUT.toMillis() + 1500);
    assertThat(server.connections().get(0).awaitTcpEnd(WAIT))
        .as("how the stalled connection ended")
        .isNotNull();
  }

  @Test
  void closeWhileConnecting() {
    server.setDefaultHandshake(Handshake.stall());
    var client = start(server.uri("/closing"), options());
    ServerConnection stalled = server.awaitConnection();

    client.socket().close();

    CloseEvent closed = client.events().await(CLOSE, 1, WAIT);
    stalled.awaitTcpEnd(WAIT);
    server.awaitNoOpenSockets(WAIT);
    assertThat(closed.code()).isEqualTo(1000);
    assertThat(client.socket().readyState()).isEqualTo(ReconnectingWebSocket.CLOSED);
    assertThat(client.events().arrivesWithin(ATTEMPT, 2, QUIET)).as("a second attempt").isFalse();
    assertThat(server.acceptedCount()).isEqualTo(1);
    assertThat(server.openSockets()).isZero();
  }

  @Test
  void hundredCyclesLeaveNothing() {
    int cycles = 100;
    ThreadCensus census = ThreadCensus.take(transportPool());
    // Threads of earlier cases may still be ending; count only what this case adds.
    int poolThreadsBefore = ThreadCensus.count(transportPool());
    var client =
        start(
            server.uri("/cycles"),
            options()
                .minReconnectionDelay(Duration.ofMillis(50))
                .maxReconnectionDelay(Duration.ofMillis(50)));

    for (int cycle = 1; cycle <= cycles; cycle++) {
      client.events().await(OPEN, cycle, WAIT);
      ServerConnection peer = liveConnection("/cycles");
      switch (cycle % 3) {
        case 0 -> peer.close(4000, "cycle " + cycle);
        case 1 -> peer.reset();
        default -> peer.fin();
      }
      client.events().await(CLOSE, cycle, WAIT);
    }
    client.events().await(OPEN, cycles + 1, WAIT);
    liveConnection("/cycles");
    client.socket().close();

    server.awaitNoOpenSockets(WAIT);
    census.awaitNoneAdded(WAIT);
    assertThat(server.acceptedCount()).as("connections").isEqualTo(cycles + 1);
    assertThat(client.events().count(ERROR)).as("failed attempts").isZero();
    // A pool that leaked one thread per connection would hold about 100 more here.
    assertThat(ThreadCensus.count(transportPool()) - poolThreadsBefore)
        .as("threads the transport's pools gained over %d cycles", cycles)
        .isLessThan(cycles / 2);
  }

  @Test
  void twoHundredSocketsOpen() {
    int count = 200;
    ConnectGate gate = ConnectGate.forTransport(factory);
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger maxWaiting = new AtomicInteger();
    AtomicBoolean sampling = new AtomicBoolean(true);
    CompletableFuture<Void> sampler =
        CompletableFuture.runAsync(
            () -> {
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
              while (sampling.get() && System.nanoTime() - deadline < 0) {
                maxInFlight.accumulateAndGet(gate.inFlight(), Math::max);
                maxWaiting.accumulateAndGet(gate.waiting(), Math::max);
                Waits.pause(Duration.ofNanos(200_000));
              }
            });
    List<Client<ReconnectingWebSocket>> clients = new ArrayList<>();

    for (int i = 0; i < count; i++) {
      clients.add(start(server.uri("/many/" + i), options()));
    }
    for (Client<ReconnectingWebSocket> client : clients) {
      client.events().await(OPEN, 1, Duration.ofSeconds(60));
    }
    sampling.set(false);
    sampler.join();
    int errors = clients.stream().mapToInt(client -> client.events().count(ERROR)).sum();
    System.out.printf(
        "%s: %d sockets open; gate at most %d in flight and %d waiting; %d failed attempts%n",
        factory.name(), count, maxInFlight.get(), maxWaiting.get(), errors);
    for (Client<ReconnectingWebSocket> client : clients) {
      client.socket().close();
    }

    assertThat(clients).allMatch(client -> client.events().count(OPEN) == 1, "opened exactly once");
    assertThat(maxInFlight.get())
        .as("attempts in flight at once")
        .isLessThanOrEqualTo(ConnectGate.DEFAULT_MAX_IN_FLIGHT);
    assertThat(gate.inFlight()).as("attempts in flight after all opened").isZero();
    server.awaitNoOpenSockets(Duration.ofSeconds(15));
  }

  @Test
  void heartbeatDetectsBlackhole() throws IOException {
    boolean corePings = capabilities().pingWithPayload();
    Assumptions.assumeTrue(
        corePings || capabilities().nativeHeartbeat(),
        "transport declares neither pingWithPayload nor nativeHeartbeat");
    Duration interval = Duration.ofMillis(500);
    Duration timeout = Duration.ofMillis(500);
    FaultProxy proxy = proxy();
    var client =
        start(
            proxy.uri("/heartbeat"),
            options().heartbeatInterval(interval).heartbeatTimeout(timeout));
    client.events().await(OPEN, 1, WAIT);
    boolean droppedWhileHealthy = client.events().arrivesWithin(CLOSE, 1, interval.multipliedBy(3));

    long blackholed = System.nanoTime();
    proxy.blackhole();
    SocketRecorder.Entry closed = client.events().awaitEntry(CLOSE, 1, Duration.ofSeconds(5));
    long detectedAfter = TimeUnit.NANOSECONDS.toMillis(closed.nanos() - blackholed);
    // The next attempt stalls in the blackhole and times out before the proxy forwards again.
    client.events().await(ERROR, 1, WAIT);
    proxy.forward();
    client.events().await(OPEN, 2, WAIT);

    CloseEvent close = (CloseEvent) closed.event();
    assertThat(droppedWhileHealthy).as("closed while the path was healthy").isFalse();
    assertThat(detectedAfter)
        .as("ms from the blackhole to the close event")
        .isLessThanOrEqualTo(interval.plus(timeout).plusSeconds(1).toMillis());
    assertThat(close.code()).isEqualTo(1006);
    if (corePings) {
      assertThat(close.reason()).isEqualTo("heartbeat timeout");
    }
  }
}
