package io.partysocket.benchmarks.transport;

import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.server.JettyConnection;
import io.partysocket.tck.server.JettyServer;
import io.partysocket.tck.server.ServerEvent;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Splits the reconnect of {@link ReconnectBenchmark} into phases, to show where its time goes. For
 * {@code --cycles} reconnects per transport it records, on one monotonic clock:
 *
 * <ol>
 *   <li>close: from the server's close call to the socket's close event, which the engine emits
 *       when the transport reports the end of the connection;
 *   <li>engine: from the close event to the transport's {@code connect} call, which covers the
 *       reconnect decision, the scheduler's run of the attempt (delay 0), the URL and protocols
 *       providers and the connect gate;
 *   <li>connect: from the {@code connect} call to the transport's {@code onOpen} call;
 *   <li>open: from the transport's {@code onOpen} call to the socket's open event.
 * </ol>
 *
 * <p>Then, as the baseline, it times as many bare connects of the same factory, from the {@code
 * connect} call to the listener's {@code onOpen}, each closed before the next. It prints the median
 * and the mean of each phase, of the whole and of the bare connect, in microseconds. The first
 * fifth of each series warms up and is not counted. This is a diagnostic beside the JMH benchmark,
 * with no JMH harness: its figures are for the split, and the benchmark's are the reference.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.partysocket.benchmarks.transport.ReconnectPhases \
 *     --transports all --cycles 2000
 * </pre>
 */
public final class ReconnectPhases {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private ReconnectPhases() {}

  /** Runs the split; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    Args options = Args.parse(args, Set.of("transports", "cycles"));
    int cycles = options.integer("cycles", 2000);
    for (String transport : Transports.parse(options.text("transports", "all"))) {
      System.out.println(split(transport, cycles));
    }
  }

  private static String split(String transport, int cycles) throws InterruptedException {
    int warmUp = cycles / 5;
    long[] close = new long[cycles - warmUp];
    long[] engine = new long[cycles - warmUp];
    long[] connect = new long[cycles - warmUp];
    long[] open = new long[cycles - warmUp];
    try (JettyServer server = JettyServer.start();
        TimedFactory factory = new TimedFactory(Transports.create(transport))) {
      Stamps stamps = new Stamps();
      WebSocketOptions options =
          WebSocketOptions.builder()
              .transport(factory)
              .minReconnectionDelay(Duration.ZERO)
              .startClosed(true)
              .addEventListener(EventType.CLOSE, event -> stamps.closed = System.nanoTime())
              .addEventListener(
                  EventType.OPEN,
                  event -> {
                    stamps.opened = System.nanoTime();
                    stamps.latch.countDown();
                  })
              .build();
      ReconnectingWebSocket socket =
          new ReconnectingWebSocket(server.uri("/phases").toString(), options);
      try {
        socket.reconnect();
        await(stamps.latch);
        JettyConnection serverSide = server.awaitConnection(TIMEOUT);
        for (int i = 0; i < cycles; i++) {
          stamps.latch = new CountDownLatch(1);
          long start = System.nanoTime();
          serverSide.close(1001, "restart");
          await(stamps.latch);
          if (i >= warmUp) {
            close[i - warmUp] = stamps.closed - start;
            engine[i - warmUp] = factory.lastConnect - stamps.closed;
            connect[i - warmUp] = factory.lastTransportOpen - factory.lastConnect;
            open[i - warmUp] = stamps.opened - factory.lastTransportOpen;
          }
          serverSide.await(ServerEvent.TcpEnd.class, TIMEOUT);
          serverSide = server.awaitConnection(TIMEOUT);
        }
      } finally {
        socket.close();
      }
    }
    long[] total = new long[close.length];
    for (int i = 0; i < total.length; i++) {
      total[i] = close[i] + engine[i] + connect[i] + open[i];
    }
    long[] bare = bareConnects(transport, cycles);
    long[][] bareReconnect = bareReconnects(transport, cycles);
    return String.format(
        Locale.ROOT,
        "%s, %d reconnects (µs, median / mean): close %s, engine %s, connect %s, open %s,"
            + " total %s; bare connect %s; bare reconnect: close %s, connect %s",
        transport,
        total.length,
        summary(close),
        summary(engine),
        summary(connect),
        summary(open),
        summary(total),
        summary(bare),
        summary(bareReconnect[0]),
        summary(bareReconnect[1]));
  }

  /**
   * Times the reconnect of a bare connection whose listener calls {@code connect} from its {@code
   * onClosed}, and returns the close and connect phases.
   */
  private static long[][] bareReconnects(String transport, int cycles) throws InterruptedException {
    int warmUp = cycles / 5;
    long[] close = new long[cycles - warmUp];
    long[] connect = new long[cycles - warmUp];
    try (JettyServer server = JettyServer.start();
        WebSocketFactory factory = Transports.create(transport)) {
      ConnectRequest request = ConnectRequest.builder(server.uri("/phases")).build();
      Stamps stamps = new Stamps();
      ConnectionListener redial =
          new ConnectionListener() {
            @Override
            public void onOpen(WebSocketConnection connection) {
              stamps.opened = System.nanoTime();
              stamps.latch.countDown();
            }

            @Override
            public void onClosed(CloseInfo info) {
              stamps.closed = System.nanoTime();
              if (stamps.redial) {
                factory.connect(request, this);
              }
            }
          };
      factory.connect(request, redial);
      await(stamps.latch);
      JettyConnection serverSide = server.awaitConnection(TIMEOUT);
      for (int i = 0; i < cycles; i++) {
        stamps.latch = new CountDownLatch(1);
        long start = System.nanoTime();
        serverSide.close(1001, "restart");
        await(stamps.latch);
        if (i >= warmUp) {
          close[i - warmUp] = stamps.closed - start;
          connect[i - warmUp] = stamps.opened - stamps.closed;
        }
        serverSide.await(ServerEvent.TcpEnd.class, TIMEOUT);
        serverSide = server.awaitConnection(TIMEOUT);
      }
      stamps.redial = false;
    }
    return new long[][] {close, connect};
  }

  private static long[] bareConnects(String transport, int cycles) throws InterruptedException {
    int warmUp = cycles / 5;
    long[] times = new long[cycles - warmUp];
    try (JettyServer server = JettyServer.start();
        WebSocketFactory factory = Transports.create(transport)) {
      ConnectRequest request = ConnectRequest.builder(server.uri("/phases")).build();
      for (int i = 0; i < cycles; i++) {
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        ConnectionListener listener =
            new ConnectionListener() {
              @Override
              public void onOpen(WebSocketConnection connection) {
                opened.countDown();
              }

              @Override
              public void onClosed(CloseInfo info) {
                closed.countDown();
              }
            };
        long start = System.nanoTime();
        CompletionStage<WebSocketConnection> stage = factory.connect(request, listener);
        await(opened);
        long end = System.nanoTime();
        if (i >= warmUp) {
          times[i - warmUp] = end - start;
        }
        stage.toCompletableFuture().join().close(1000, "");
        await(closed);
        server.awaitConnection(TIMEOUT).await(ServerEvent.TcpEnd.class, TIMEOUT);
      }
    }
    return times;
  }

  private static String summary(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
    return String.format(Locale.ROOT, "%.0f / %.0f", sorted[sorted.length / 2] / 1e3, mean / 1e3);
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "timed out after " + TIMEOUT + " waiting for an open or close");
    }
  }

  /** The times of the last close and open events, written by the socket's listeners. */
  private static final class Stamps {
    volatile long closed;
    volatile long opened;
    volatile CountDownLatch latch = new CountDownLatch(1);
    volatile boolean redial = true;
  }

  /** A factory that records the time of its last {@code connect} call. */
  private static final class TimedFactory implements WebSocketFactory {
    private final WebSocketFactory delegate;
    volatile long lastConnect;
    volatile long lastTransportOpen;

    TimedFactory(WebSocketFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public int priority() {
      return delegate.priority();
    }

    @Override
    public TransportCapabilities capabilities() {
      return delegate.capabilities();
    }

    @Override
    public CompletionStage<WebSocketConnection> connect(
        ConnectRequest request, ConnectionListener listener) {
      lastConnect = System.nanoTime();
      return delegate.connect(request, new TimedListener(listener));
    }

    /** Records when the transport reports the open, then passes every call on. */
    private final class TimedListener implements ConnectionListener {
      private final ConnectionListener engine;

      TimedListener(ConnectionListener engine) {
        this.engine = engine;
      }

      @Override
      public void onOpen(WebSocketConnection connection) {
        lastTransportOpen = System.nanoTime();
        engine.onOpen(connection);
      }

      @Override
      public void onText(String text) {
        engine.onText(text);
      }

      @Override
      public void onBinary(ByteBuffer data) {
        engine.onBinary(data);
      }

      @Override
      public void onPing(ByteBuffer payload) {
        engine.onPing(payload);
      }

      @Override
      public void onPong(ByteBuffer payload) {
        engine.onPong(payload);
      }

      @Override
      public void onClosed(CloseInfo info) {
        engine.onClosed(info);
      }
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
