package io.partysocket.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.partysocket.ProtocolsProvider;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.SendResult;
import io.partysocket.UrlProvider;
import io.partysocket.WebSocketOptions;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.transport.jdk.JdkWebSocketFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs a socket over the JDK transport against a scripted server on 127.0.0.1 and checks every
 * meter of {@link PartySocketMetrics} through connects, drops, failed attempts and closes.
 */
class PartySocketMetricsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Tags TAGS = Tags.of("socket", "test");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private JdkWebSocketFactory transport;
  private ScriptedServer server;
  private ReconnectingWebSocket socket;
  private PartySocketMetrics metrics;

  @BeforeEach
  void start() throws Exception {
    transport = new JdkWebSocketFactory();
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    if (metrics != null) {
      metrics.close();
    }
    if (socket != null) {
      socket.shutdown();
    }
    server.close();
    transport.close();
    registry.close();
  }

  private WebSocketOptions.Builder options() {
    return WebSocketOptions.builder()
        .transport(transport)
        .startClosed(true)
        .minReconnectionDelay(Duration.ofMillis(20))
        .maxReconnectionDelay(Duration.ofMillis(100))
        .connectionTimeout(Duration.ofSeconds(2));
  }

  @Test
  void connectDropReconnectClose() throws Exception {
    socket =
        new ReconnectingWebSocket(
            server.uri("/metrics").toString(),
            options().heartbeatInterval(Duration.ofMillis(100)).build());
    metrics = PartySocketMetrics.monitor(registry, socket, TAGS);
    assertThat(gauge("partysocket.state")).isEqualTo(ReconnectingWebSocket.CLOSED);

    // Connect.
    socket.reconnect();
    ServerConnection first = server.awaitConnection(WAIT);
    awaitCount("partysocket.connections.opened", 1);
    assertThat(count("partysocket.attempts")).isEqualTo(1);
    assertThat(gauge("partysocket.state")).isEqualTo(ReconnectingWebSocket.OPEN);

    // Messages: the server echoes.
    socket.send("hello");
    awaitCount("partysocket.messages.received", 1);
    // The write completion may reach the meters after the echo does.
    awaitCount("partysocket.messages.sent", 1);
    assertThat(count("partysocket.messages.sent.bytes")).isEqualTo(5);
    assertThat(count("partysocket.messages.received.bytes")).isEqualTo(5);

    // Heartbeat: the server replies to each ping with a pong.
    Await.until("a heartbeat pong", () -> timer("partysocket.heartbeat.rtt").count() >= 1, WAIT);
    assertThat(count("partysocket.heartbeat.pings")).isGreaterThanOrEqualTo(1);
    assertThat(timer("partysocket.heartbeat.rtt").totalTime(TimeUnit.NANOSECONDS)).isPositive();

    // A forced drop by TCP reset. The next handshake is rejected and the one after accepted.
    server.enqueue(Handshake.reject(503));
    first.reset();
    server.awaitConnection(WAIT);
    server.awaitConnection(WAIT);
    awaitCount("partysocket.connections.opened", 2);
    assertThat(failures("closed", 1006)).isEqualTo(1);
    assertThat(failures("http_status", 1006)).isEqualTo(1);
    assertThat(count("partysocket.attempts")).isEqualTo(3);
    assertThat(timer("partysocket.connection.duration").count()).isEqualTo(1);
    assertThat(timer("partysocket.reconnect.duration").count()).isEqualTo(1);
    assertThat(timer("partysocket.reconnect.duration").totalTime(TimeUnit.NANOSECONDS))
        .isPositive();

    // The server goes down: the message sent meanwhile waits in the queue.
    server.stop();
    Await.until("the second drop", () -> failures("closed", 1006) == 2, WAIT);
    SendResult queued = socket.send("queued");
    assertThat(queued.status()).isEqualTo(SendResult.Status.QUEUED);
    assertThat(gauge("partysocket.queue.messages")).isEqualTo(1);
    assertThat(gauge("partysocket.buffered.bytes")).isEqualTo(6);
    Await.until("a refused attempt", () -> failures("refused", 1006) >= 1, WAIT);

    // The server comes back: the queue is sent.
    server.restart();
    server.awaitConnection(WAIT);
    awaitCount("partysocket.connections.opened", 3);
    awaitCount("partysocket.messages.sent", 2);
    assertThat(gauge("partysocket.queue.messages")).isZero();
    assertThat(timer("partysocket.reconnect.duration").count()).isEqualTo(2);

    // A local close is not a failure.
    socket.close();
    Await.until(
        "the last connection time",
        () -> timer("partysocket.connection.duration").count() == 3,
        WAIT);
    assertThat(gauge("partysocket.state")).isEqualTo(ReconnectingWebSocket.CLOSED);
    assertThat(failures("closed", 1000)).isZero();
    assertThat(failures("closed", 1006)).isEqualTo(2);
    assertThat(timer("partysocket.reconnect.duration").count()).isEqualTo(2);
    assertThat(count("partysocket.giveups", "reason", "max_retries_exhausted")).isZero();
  }

  @Test
  void unsentByReason() {
    socket =
        new ReconnectingWebSocket(
            server.uri("/queue").toString(), options().maxEnqueuedMessages(1).build());
    metrics = PartySocketMetrics.monitor(registry, socket, TAGS);

    assertThat(socket.send("abc").status()).isEqualTo(SendResult.Status.QUEUED);
    assertThat(gauge("partysocket.queue.messages")).isEqualTo(1);
    assertThat(gauge("partysocket.buffered.bytes")).isEqualTo(3);
    assertThat(socket.send("full").status()).isEqualTo(SendResult.Status.REJECTED);
    assertThat(count("partysocket.messages.unsent", "reason", "queue_full")).isEqualTo(1);

    socket.drainQueuedMessages();
    assertThat(count("partysocket.messages.unsent", "reason", "drained")).isEqualTo(1);
    assertThat(gauge("partysocket.queue.messages")).isZero();

    socket.send("last");
    socket.shutdown();
    assertThat(count("partysocket.messages.unsent", "reason", "shutdown")).isEqualTo(1);
    assertThat(count("partysocket.messages.sent")).isZero();
  }

  @Test
  void unsentDroppedOldest() {
    socket =
        new ReconnectingWebSocket(
            server.uri("/drop").toString(),
            options()
                .maxEnqueuedMessages(1)
                .overflowPolicy(io.partysocket.OverflowPolicy.DROP_OLDEST)
                .build());
    metrics = PartySocketMetrics.monitor(registry, socket, TAGS);

    socket.send("old");
    socket.send("new");

    assertThat(count("partysocket.messages.unsent", "reason", "dropped")).isEqualTo(1);
    assertThat(gauge("partysocket.queue.messages")).isEqualTo(1);
  }

  @Test
  void rejectedHandshakeGivesUp() throws Exception {
    server.enqueue(Handshake.reject(401));
    socket = new ReconnectingWebSocket(server.uri("/auth").toString(), options().build());
    metrics = PartySocketMetrics.monitor(registry, socket, TAGS);

    socket.reconnect();

    Await.until(
        "a give-up", () -> count("partysocket.giveups", "reason", "failure_policy") == 1, WAIT);
    assertThat(failures("http_status", 1006)).isEqualTo(1);
    assertThat(count("partysocket.attempts")).isEqualTo(1);
    assertThat(count("partysocket.connections.opened")).isZero();
  }

  @Test
  void giveUpStopsReconnectTimer() throws Exception {
    socket = new ReconnectingWebSocket(server.uri("/later").toString(), options().build());
    metrics = PartySocketMetrics.monitor(registry, socket, TAGS);
    socket.reconnect();
    ServerConnection first = server.awaitConnection(WAIT);
    awaitCount("partysocket.connections.opened", 1);

    server.setDefaultHandshake(Handshake.reject(401));
    first.reset();
    Await.until(
        "a give-up", () -> count("partysocket.giveups", "reason", "failure_policy") == 1, WAIT);
    server.setDefaultHandshake(Handshake.accept());
    socket.reconnect();
    awaitCount("partysocket.connections.opened", 2);

    assertThat(failures("closed", 1006)).isEqualTo(1);
    assertThat(failures("http_status", 1006)).isEqualTo(1);
    assertThat(timer("partysocket.reconnect.duration").count()).isZero();
    assertThat(timer("partysocket.connection.duration").count()).isEqualTo(1);
  }

  @Test
  void failedProviderCountsAsOther() throws Exception {
    UrlProvider broken =
        UrlProvider.of(
            () -> {
              throw new IllegalStateException("no URL today");
            });
    socket =
        new ReconnectingWebSocket(broken, ProtocolsProvider.NONE, options().maxRetries(0).build());
    metrics = PartySocketMetrics.monitor(registry, socket, TAGS);

    socket.reconnect();

    Await.until(
        "a give-up",
        () -> count("partysocket.giveups", "reason", "max_retries_exhausted") == 1,
        WAIT);
    assertThat(failures("other", 1006)).isEqualTo(1);
  }

  @Test
  void bindTwiceCountsOnce() throws Exception {
    socket = new ReconnectingWebSocket(server.uri("/twice").toString(), options().build());
    metrics = new PartySocketMetrics(socket, "socket", "test");
    metrics.bindTo(registry);
    metrics.bindTo(registry);
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    metrics.bindTo(other);

    socket.reconnect();
    server.awaitConnection(WAIT);
    awaitCount("partysocket.connections.opened", 1);

    assertThat(count("partysocket.attempts")).isEqualTo(1);
    assertThat(other.get("partysocket.attempts").tags(TAGS).counter().count()).isEqualTo(1);
    metrics.close();
    assertThat(other.getMeters()).isEmpty();
    other.close();
  }

  @Test
  void closeRemovesMeters() {
    socket = new ReconnectingWebSocket(server.uri("/close").toString(), options().build());
    metrics = PartySocketMetrics.monitor(registry, socket, TAGS);
    assertThat(registry.getMeters())
        .extracting(meter -> meter.getId().getName())
        .contains("partysocket.state", "partysocket.attempts", "partysocket.messages.unsent");

    metrics.close();
    socket.send("after close");

    assertThat(registry.getMeters()).isEmpty();
    assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void everyMeterCarriesTags() {
    socket = new ReconnectingWebSocket(server.uri("/tags").toString(), options().build());
    metrics = PartySocketMetrics.monitor(registry, socket, TAGS);

    assertThat(registry.getMeters())
        .extracting(meter -> meter.getId().getTag("socket"))
        .containsOnly("test");
  }

  @Test
  void oddKeyValuesRejected() {
    socket = new ReconnectingWebSocket(server.uri("/odd").toString(), options().build());

    assertThatThrownBy(() -> new PartySocketMetrics(socket, "socket"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private double gauge(String name) {
    Gauge gauge = registry.get(name).tags(TAGS).gauge();
    return gauge.value();
  }

  private double count(String name, String... tags) {
    Counter counter = registry.get(name).tags(TAGS).tags(tags).counter();
    return counter.count();
  }

  private Timer timer(String name) {
    return registry.get(name).tags(TAGS).timer();
  }

  private double failures(String cause, int code) {
    Counter counter =
        registry
            .find("partysocket.failures")
            .tags(TAGS)
            .tag("cause", cause)
            .tag("code", Integer.toString(code))
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private void awaitCount(String name, double expected) throws InterruptedException {
    Await.until(name + " = " + expected, () -> count(name) == expected, WAIT);
  }
}
