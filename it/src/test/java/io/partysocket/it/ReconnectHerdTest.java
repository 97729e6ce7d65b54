package io.partysocket.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.ConnectGate;
import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.transport.jdk.JdkWebSocketFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A thousand sockets on one loopback server that restarts once. With full jitter their reconnects
 * spread over the retry delay; without it they arrive together. The connect gate is as wide as the
 * herd, so jitter alone spreads them; the default gate of 16 attempts in flight spreads them too.
 */
class ReconnectHerdTest {

  private static final int SOCKETS = 1000;
  // Long enough that the machine can reconnect the whole herd well within it, so the spread of
  // the arrivals comes from the jitter and not from how fast the machine connects.
  private static final Duration RETRY_DELAY = Duration.ofMillis(5000);
  private static final long WINDOW_MILLIS = 100;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private ScriptedServer server;
  private JdkWebSocketFactory transport;
  private final List<ReconnectingWebSocket> sockets = new ArrayList<>();
  private final ConnectGate gate = new ConnectGate(SOCKETS);

  @BeforeEach
  void start() throws Exception {
    server = ScriptedServer.start();
    transport = new JdkWebSocketFactory();
  }

  @AfterEach
  void stop() {
    sockets.forEach(ReconnectingWebSocket::close);
    transport.close();
    server.close();
  }

  @Test
  void jitterSpreadsReconnects() throws Exception {
    int busiest = busiestWindowAfterRestart(1.0);

    // The reconnects spread over RETRY_DELAY, so each 100 ms window expects an equal share.
    int uniformShare = (int) (SOCKETS * WINDOW_MILLIS / RETRY_DELAY.toMillis());
    assertThat(busiest)
        .as(
            "reconnects in the busiest %d ms window (uniform share %d)",
            WINDOW_MILLIS, uniformShare)
        .isLessThanOrEqualTo(3 * uniformShare);
  }

  @Test
  void withoutJitterReconnectsBunch() throws Exception {
    int busiest = busiestWindowAfterRestart(0.0);

    int uniformShare = (int) (SOCKETS * WINDOW_MILLIS / RETRY_DELAY.toMillis());
    assertThat(busiest)
        .as("reconnects in the busiest %d ms window without jitter", WINDOW_MILLIS)
        .isGreaterThan(3 * uniformShare);
  }

  /**
   * Opens every socket, restarts the server, and returns the most reconnects that started in one
   * window. A reconnect's start is when its attempt was due (the attempt event's time plus its
   * delay), which is what jitter decides; the open itself comes later by however long the loaded
   * test machine takes, and that latency would bunch the count on its own.
   */
  private int busiestWindowAfterRestart(double jitter) throws Exception {
    AtomicInteger opens = new AtomicInteger();
    List<Long> reconnectsDue = new CopyOnWriteArrayList<>();
    long[] restartedAt = {Long.MAX_VALUE};
    WebSocketOptions options =
        WebSocketOptions.builder()
            .transport(transport)
            .minReconnectionDelay(RETRY_DELAY)
            .maxReconnectionDelay(RETRY_DELAY)
            .reconnectionDelayJitter(jitter)
            // A gate as wide as the herd, so that only jitter spreads the reconnects here.
            .connectGate(gate)
            .connectionTimeout(Duration.ofSeconds(10))
            .build();
    for (int i = 0; i < SOCKETS; i++) {
      ReconnectingWebSocket socket =
          new ReconnectingWebSocket(server.uri("/herd/" + i).toString(), options);
      long[] due = {0};
      socket.addEventListener(
          EventType.ATTEMPT, event -> due[0] = System.nanoTime() + event.delay().toNanos());
      socket.addEventListener(
          EventType.OPEN,
          event -> {
            if (due[0] > restartedAt[0]) {
              reconnectsDue.add(due[0]);
            }
            opens.incrementAndGet();
          });
      sockets.add(socket);
    }
    awaitCondition(() -> opens.get() >= SOCKETS, "all sockets open");

    restartedAt[0] = System.nanoTime();
    server.stop();
    server.restart();
    awaitCondition(() -> reconnectsDue.size() == SOCKETS, "all sockets open again");

    List<Long> times = new ArrayList<>(reconnectsDue);
    times.sort(Long::compare);
    long first = restartedAt[0];
    long spanMillis = TimeUnit.NANOSECONDS.toMillis(times.get(times.size() - 1) - first);
    int[] windows = new int[(int) (spanMillis / WINDOW_MILLIS) + 1];
    for (long time : times) {
      windows[(int) (TimeUnit.NANOSECONDS.toMillis(time - first) / WINDOW_MILLIS)]++;
    }
    int busiest = 0;
    for (int count : windows) {
      busiest = Math.max(busiest, count);
    }
    return busiest;
  }

  private static void awaitCondition(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not reached within " + WAIT.toSeconds() + " s");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
