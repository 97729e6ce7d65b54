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
 * spread over the retry delay; without it they arrive together. Arrivals are the moments the
 * sockets open again, measured at the client. The connect gate is as wide as the herd, so jitter
 * alone spreads them; the default gate of 16 attempts in flight spreads them too.
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

  /** Opens every socket, restarts the server, and returns the most reopens in one window. */
  private int busiestWindowAfterRestart(double jitter) throws Exception {
    AtomicInteger opens = new AtomicInteger();
    List<Long> reopenedAt = new CopyOnWriteArrayList<>();
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
            .addEventListener(
                EventType.OPEN,
                event -> {
                  long now = System.nanoTime();
                  if (now > restartedAt[0]) {
                    reopenedAt.add(now);
                  }
                  opens.incrementAndGet();
                })
            .build();
    for (int i = 0; i < SOCKETS; i++) {
      sockets.add(new ReconnectingWebSocket(server.uri("/herd/" + i).toString(), options));
    }
    awaitCondition(() -> opens.get() == SOCKETS, "all sockets open");

    server.stop();
    server.restart();
    restartedAt[0] = System.nanoTime();
    awaitCondition(() -> reopenedAt.size() == SOCKETS, "all sockets open again");

    List<Long> times = new ArrayList<>(reopenedAt);
    times.sort(Long::compare);
    long first = restartedAt[0];
    int[] windows =
        new int
            [(int)
                    (TimeUnit.NANOSECONDS.toMillis(times.get(times.size() - 1) - first)
                        / WINDOW_MILLIS)
                + 1];
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
