package io.partysocket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.CloseEvent;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import io.partysocket.tck.server.FaultProxy;
import io.partysocket.tck.server.Handshake;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chaos soak. Two sockets with four producer threads each send numbered messages through a
 * fault proxy. Meanwhile a seeded driver restarts the server, resets and blackholes the proxy,
 * closes connections without a close frame, and makes handshakes fail with 503 or stall. The {@link
 * DeliveryLedger} then checks the delivery guarantees message by message.
 *
 * <p>The short run takes 30 seconds and runs in every build. The long run is tagged {@code soak};
 * it takes {@code -Dpartysocket.soak.duration} (an ISO-8601 duration, 10 minutes by default). The
 * seed is {@code -Dpartysocket.soak.seed}, by default a fixed one for the short run and a new one
 * per long run; the report prints it.
 */
abstract class ChaosCases extends StackSupport {

  static final String DURATION_PROPERTY = "partysocket.soak.duration";
  static final String SEED_PROPERTY = "partysocket.soak.seed";

  private static final int CLIENTS = 2;
  private static final int PRODUCERS_PER_CLIENT = 4;
  private static final int MESSAGES_PER_SECOND = 100;
  private static final Duration HEARTBEAT = Duration.ofMillis(500);

  /** Longer than any grace the server needs to see a replaced connection end. */
  private static final Duration OVERLAP_GRACE = Duration.ofSeconds(3);

  /**
   * Heap growth allowed over the run: a generous margin, plus what the TCK's own server keeps per
   * connection it accepted (the connection's record with its read buffer, about 10 KiB).
   */
  private static final long HEAP_MARGIN_BYTES = 48L << 20;

  private static final long HEAP_PER_SERVER_CONNECTION_BYTES = 16L << 10;

  ChaosCases(ReconnectingTck owner) {
    super(owner);
  }

  @Test
  void chaosShort() throws Exception {
    soak(Duration.ofSeconds(30), Long.getLong(SEED_PROPERTY, 20_250_601L));
  }

  @Test
  @Tag("soak")
  void chaosLong() throws Exception {
    String duration = System.getProperty(DURATION_PROPERTY, "PT10M");
    soak(Duration.parse(duration), Long.getLong(SEED_PROPERTY, System.nanoTime()));
  }

  private void soak(Duration duration, long seed) throws IOException, InterruptedException {
    int capacity = (int) (MESSAGES_PER_SECOND * (duration.toSeconds() + 30) * 11 / 10);
    DeliveryLedger ledger = new DeliveryLedger(CLIENTS, PRODUCERS_PER_CLIENT, capacity, "/soak/");
    server.setDefaultHandshake(Handshake.accept().noEcho());
    server.recordMessages(false);
    server.setMessageSink(ledger::arrived);
    FaultProxy proxy = proxy();
    ThreadCensus census = ThreadCensus.take(transportPool());
    WebSocketOptions.Builder options =
        options()
            .transport(new TrackingFactory(factory, ledger, DeliveryCases::clientOf))
            .minReconnectionDelay(Duration.ofMillis(50))
            .heartbeatInterval(HEARTBEAT)
            .heartbeatTimeout(HEARTBEAT);
    List<Client<ReconnectingWebSocket>> clients = new ArrayList<>();
    for (int client = 0; client < CLIENTS; client++) {
      clients.add(start(proxy.uri(ledger.path(client)), options));
    }
    for (Client<ReconnectingWebSocket> client : clients) {
      client.events().await(OPEN, 1, WAIT);
    }

    ConnectionWatch watch = new ConnectionWatch(server, ledger, CLIENTS);
    Thread watcher = daemon(watch, "tck-soak-watch");
    Producers producers =
        Producers.start(
            clients.stream().map(Client::socket).toList(),
            PRODUCERS_PER_CLIENT,
            ledger,
            MESSAGES_PER_SECOND,
            16,
            2048,
            seed);
    Waits.pause(Duration.ofSeconds(2));
    long heapAtStart = usedHeapAfterGc();
    int connectionsAtStart = server.acceptedCount();
    Instant started = Instant.now();
    ChaosDriver driver = new ChaosDriver(server, proxy, seed);
    Thread driving = daemon(driver, "tck-soak-driver");
    Waits.pause(duration);

    driver.stop();
    driving.join(Duration.ofSeconds(10).toMillis());
    producers.stop(WAIT);
    boolean settled =
        Waits.holdsWithin(
            () -> ledger.allConfirmed() && ledger.allAccountedFor(), Duration.ofSeconds(60));
    // A socket may still be in its backoff after the last fault when no message was waiting.
    boolean allOpen =
        Waits.holdsWithin(
            () ->
                clients.stream()
                    .allMatch(c -> c.socket().readyState() == ReconnectingWebSocket.OPEN),
            Duration.ofSeconds(10));
    long heapAtEnd = usedHeapAfterGc();
    int connectionsInRun = server.acceptedCount() - connectionsAtStart;
    for (Client<ReconnectingWebSocket> client : clients) {
      client.socket().close();
    }
    boolean serverClosed = Waits.holdsWithin(() -> server.openSockets() == 0, WAIT);
    boolean proxyClosed = Waits.holdsWithin(() -> proxy.openConnections() == 0, WAIT);
    boolean threadsEnded = Waits.holdsWithin(() -> census.added().isEmpty(), WAIT);
    watch.stop();
    watcher.join(WAIT.toMillis());
    ledger.fold(server.connections(), 0);
    DeliveryReport report = ledger.report();

    long allowedHeap = HEAP_MARGIN_BYTES + HEAP_PER_SERVER_CONNECTION_BYTES * connectionsInRun;
    System.out.println(
        describe(duration, seed, started, driver.counts(), clients, report, watch)
            + String.format(
                "%n  heap after GC: %d KiB at start, %d KiB at end (allowed growth %d KiB);"
                    + " server connections in the run: %d; settled: %s",
                heapAtStart >> 10, heapAtEnd >> 10, allowedHeap >> 10, connectionsInRun, settled));

    assertThat(driver.errors()).as("fault driver errors").isEmpty();
    assertThat(settled).as("every message confirmed and accounted for within 60 s").isTrue();
    assertThat(allOpen).as("every socket open after the faults stopped").isTrue();
    assertThat(report.rejected()).as("rejected sends").isZero();
    assertThat(report.failed()).as("failed written() stages").isZero();
    assertThat(report.lostUnexplained()).as("messages lost for no TCP reason").isZero();
    assertThat(report.duplicatesUnexplained()).as("more arrivals than handoffs").isZero();
    assertThat(report.handoffsAfterConfirm()).as("handoffs after confirmation").isZero();
    assertThat(report.confirmsWithoutHandoff()).as("confirmations without handoff").isZero();
    assertThat(report.orderViolations()).as("order violations").isZero();
    assertThat(report.problems()).as("problems").isEmpty();
    assertThat(gaveUp(clients)).as("give-up events").isZero();
    assertThat(watch.longestOverlapMillis())
        .as("longest time a client had two open connections at the server, ms")
        .isLessThanOrEqualTo(OVERLAP_GRACE.toMillis());
    assertThat(serverClosed).as("server sockets closed after close()").isTrue();
    assertThat(proxyClosed).as("proxied connections closed after close()").isTrue();
    assertThat(threadsEnded).as("threads left behind: " + names(census.added())).isTrue();
    assertThat(heapAtEnd - heapAtStart).as("heap growth, bytes").isLessThanOrEqualTo(allowedHeap);
    assertThat(driver.counts().values().stream().mapToInt(Integer::intValue).sum())
        .as("faults injected")
        .isGreaterThanOrEqualTo((int) (duration.toSeconds() / 3));
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      memory.gc();
      Waits.pause(Duration.ofMillis(100));
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  private static int gaveUp(List<Client<ReconnectingWebSocket>> clients) {
    return clients.stream().mapToInt(client -> client.events().count(GIVE_UP)).sum();
  }

  private static List<String> names(List<Thread> threads) {
    return threads.stream().map(Thread::getName).toList();
  }

  private String describe(
      Duration duration,
      long seed,
      Instant started,
      Map<ChaosDriver.Fault, Integer> faults,
      List<Client<ReconnectingWebSocket>> clients,
      DeliveryReport report,
      ConnectionWatch watch) {
    StringBuilder text = new StringBuilder();
    text.append("chaos soak over ").append(factory.name());
    text.append(": duration ").append(duration).append(", seed ").append(seed);
    text.append(", started ").append(started).append(String.format("%n  faults: ")).append(faults);
    for (int c = 0; c < clients.size(); c++) {
      SocketRecorder events = clients.get(c).events();
      long heartbeats =
          events.events(CLOSE).stream()
              .map(CloseEvent::reason)
              .filter("heartbeat timeout"::equals)
              .count();
      text.append(String.format("%n  client %d: ", c));
      text.append(events.count(OPEN)).append(" opens, ");
      text.append(events.count(ERROR)).append(" failed attempts, ");
      text.append(events.count(CLOSE)).append(" closes (");
      text.append(heartbeats).append(" by heartbeat timeout)");
    }
    text.append(String.format("%n  messages: ")).append(report.summary());
    text.append(String.format("%n  most open connections of one client at the server: "));
    text.append(watch.maxOpen()).append(", longest overlap ");
    text.append(watch.longestOverlapMillis()).append(" ms");
    return text.toString();
  }
}
