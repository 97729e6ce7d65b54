package io.partysocket.benchmarks.transport;

import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One measurement of the scale scenario, run by {@link ScaleScenario} in a JVM of its own: opens
 * {@code --sockets} idle connections to the server on {@code --port}, either bare transport
 * connections ({@code --mode bare}) or {@link ReconnectingWebSocket}s over the same transport
 * ({@code --mode socket}), and prints the live threads and the heap used after full collections
 * before and after, on one line that starts with {@code RESULT}.
 *
 * <p>"Before" is taken after one connection of the same kind was opened and closed, so that the
 * transport's pools and clients and the core's scheduler already exist, and the difference counts
 * only what each socket adds. Each reading follows a pause of {@code --settle-ms}; its default of 6
 * seconds lets the core's 5-second {@code minUptime} timer of each socket run, as it does on a
 * socket that stays idle. At most 16 connects are in flight, in both modes: the core's default
 * connect gate, and a semaphore for the bare connects.
 */
public final class ScaleProbe {

  private static final int MAX_IN_FLIGHT = 16;
  private static final Duration OPEN_TIMEOUT_PER_SOCKET = Duration.ofMillis(20);
  private static final Duration OPEN_TIMEOUT_MIN = Duration.ofSeconds(60);

  private ScaleProbe() {}

  /** Runs one measurement; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    Args options =
        Args.parse(
            args,
            Set.of(
                "transport", "mode", "sockets", "port", "settle-ms", "histogram", "histogram-out"));
    String transport = options.text("transport", "jdk");
    String mode = options.text("mode", "socket");
    int sockets = options.integer("sockets", 1000);
    URI uri = URI.create("ws://127.0.0.1:" + options.integer("port", 0) + "/scale");
    Duration settle = options.millis("settle-ms", 6000);
    boolean histogram = Boolean.parseBoolean(options.text("histogram", "false"));
    String histogramOut = options.text("histogram-out", "");
    if (sockets < 1) {
      throw new IllegalArgumentException("sockets must be at least 1 but was " + sockets);
    }

    WebSocketFactory factory = Transports.create(transport);
    Opener opener =
        switch (mode) {
          case "bare" -> new BareOpener(factory, uri);
          case "socket" -> new SocketOpener(factory, uri);
          default ->
              throw new IllegalArgumentException(
                  "mode must be \"bare\" or \"socket\" but was \"" + mode + "\"");
        };

    opener.warmUp();
    pause(settle);
    HeapSnapshot before = HeapSnapshot.take(histogram);
    long start = System.nanoTime();
    opener.open(sockets);
    long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    pause(settle);
    HeapSnapshot after = HeapSnapshot.take(histogram);

    if (histogram) {
      printHistogramDelta(before, after, sockets, histogramOut);
      System.err.println("threads after opening, by name: " + HeapSnapshot.threadGroups());
    }
    System.out.println(
        "RESULT transport="
            + transport
            + " mode="
            + mode
            + " sockets="
            + sockets
            + " threadsBefore="
            + before.threads()
            + " threadsAfter="
            + after.threads()
            + " heapBefore="
            + before.heapBytes()
            + " heapAfter="
            + after.heapBytes()
            + " openMillis="
            + openMillis);
    System.out.flush();
    factory.close();
    // The sockets hold daemon and non-daemon threads of the transports; the measurement is over.
    System.exit(0);
  }

  private static void pause(Duration settle) throws InterruptedException {
    // A measurement pause, not a synchronisation: the readings are taken whatever happens
    // meanwhile.
    Thread.sleep(settle.toMillis());
  }

  /**
   * Prints the 25 classes that grew most and PartySocket's own classes, per socket, and writes
   * every class that changed to {@code file} as CSV (class, bytes per socket) unless it is empty.
   */
  private static void printHistogramDelta(
      HeapSnapshot before, HeapSnapshot after, int sockets, String file) throws IOException {
    List<Map.Entry<String, Long>> deltas = new ArrayList<>();
    for (Map.Entry<String, Long> entry : after.bytesByClass().entrySet()) {
      long delta = entry.getValue() - before.bytesByClass().getOrDefault(entry.getKey(), 0L);
      deltas.add(Map.entry(entry.getKey(), delta));
    }
    deltas.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    System.err.println("heap added per socket, by class (bytes), the 25 largest:");
    for (Map.Entry<String, Long> entry : deltas.subList(0, Math.min(25, deltas.size()))) {
      System.err.printf("  %9.1f  %s%n", entry.getValue() / (double) sockets, entry.getKey());
    }
    System.err.println("heap added per socket by PartySocket's own classes (bytes):");
    List<String> lines = new ArrayList<>();
    lines.add("class,bytes_per_socket");
    for (Map.Entry<String, Long> entry : deltas) {
      double perSocket = entry.getValue() / (double) sockets;
      if (entry.getKey().startsWith("io.partysocket.") && entry.getValue() != 0) {
        System.err.printf("  %9.1f  %s%n", perSocket, entry.getKey());
      }
      if (entry.getValue() != 0) {
        lines.add(String.format(Locale.ROOT, "%s,%.1f", entry.getKey(), perSocket));
      }
    }
    if (!file.isEmpty()) {
      Files.write(Path.of(file), lines);
    }
  }

  private static Duration openTimeout(int sockets) {
    Duration scaled = OPEN_TIMEOUT_PER_SOCKET.multipliedBy(sockets);
    return scaled.compareTo(OPEN_TIMEOUT_MIN) > 0 ? scaled : OPEN_TIMEOUT_MIN;
  }

  /** Opens the connections of one mode and keeps them reachable. */
  private interface Opener {
    /** Opens one connection, waits for it, closes it and waits for the end. */
    void warmUp() throws Exception;

    /** Opens {@code count} connections and waits until all are open. */
    void open(int count) throws Exception;
  }

  /** Bare transport connections, all with one shared listener that does nothing. */
  private static final class BareOpener implements Opener {
    private static final ConnectionListener IDLE = new ConnectionListener() {};

    private final WebSocketFactory factory;
    private final ConnectRequest request;
    private AtomicReferenceArray<WebSocketConnection> connections;

    BareOpener(WebSocketFactory factory, URI uri) {
      this.factory = factory;
      this.request = ConnectRequest.builder(uri).build();
    }

    @Override
    public void warmUp() throws Exception {
      CountDownLatch closed = new CountDownLatch(1);
      ConnectionListener listener =
          new ConnectionListener() {
            @Override
            public void onClosed(CloseInfo info) {
              closed.countDown();
            }
          };
      WebSocketConnection connection =
          factory.connect(request, listener).toCompletableFuture().get(30, TimeUnit.SECONDS);
      connection.close(1000, "");
      if (!closed.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the warm-up connection did not close within 30 s");
      }
    }

    @Override
    public void open(int count) throws Exception {
      connections = new AtomicReferenceArray<>(count);
      Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
      AtomicInteger opened = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      for (int i = 0; i < count && failure.get() == null; i++) {
        if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("no connect completed within 30 s");
        }
        int index = i;
        factory
            .connect(request, IDLE)
            .whenComplete(
                (connection, error) -> {
                  inFlight.release();
                  if (error != null) {
                    failure.compareAndSet(null, error);
                  } else {
                    connections.set(index, connection);
                    opened.incrementAndGet();
                  }
                });
      }
      Waits.until(
          () -> opened.get() == count || failure.get() != null,
          count + " bare connections to open",
          openTimeout(count));
      if (failure.get() != null) {
        throw new IllegalStateException(
            "a bare connect failed after " + opened.get() + " opened", failure.get());
      }
    }
  }

  /** Sockets with the default options over the transport, sharing one options object. */
  private static final class SocketOpener implements Opener {
    private static final Duration POLL = Duration.ofMillis(100);

    private final String url;
    private final WebSocketOptions options;
    private ReconnectingWebSocket[] sockets;

    SocketOpener(WebSocketFactory factory, URI uri) {
      this.url = uri.toString();
      this.options = WebSocketOptions.builder().transport(factory).build();
    }

    @Override
    public void warmUp() {
      ReconnectingWebSocket socket = new ReconnectingWebSocket(url, options);
      Waits.until(() -> socket.readyState() == ReconnectingWebSocket.OPEN, "warm-up socket");
      socket.close();
      Waits.until(() -> socket.readyState() == ReconnectingWebSocket.CLOSED, "warm-up close");
    }

    @Override
    public void open(int count) throws InterruptedException {
      sockets = new ReconnectingWebSocket[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ReconnectingWebSocket(url, options);
      }
      long deadline = System.nanoTime() + openTimeout(count).toNanos();
      int open = 0;
      while (open < count) {
        open = 0;
        for (ReconnectingWebSocket socket : sockets) {
          if (socket.readyState() == ReconnectingWebSocket.OPEN) {
            open++;
          }
        }
        if (open < count) {
          if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException(
                "only " + open + " of " + count + " sockets opened in " + openTimeout(count));
          }
          Thread.sleep(POLL.toMillis());
        }
      }
    }
  }
}
