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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;

/**
 * Splits the reconnect of {@link ReconnectBenchmark} into phases, to show where its time goes. It
 * runs three series on each transport, each with its own server and factory:
 *
 * <ul>
 *   <li>socket: the reconnect of a {@link ReconnectingWebSocket} with no delay, split on one
 *       monotonic clock into <em>close</em> (from the server's close call to the socket's close
 *       event, which the engine emits when the transport reports the end), <em>engine</em> (from
 *       the close event to the transport's {@code connect} call: the reconnect decision, the
 *       scheduler's run of the attempt, the URL and protocols providers, the connect gate),
 *       <em>connect</em> (to the transport's {@code onOpen}) and <em>open</em> (to the socket's
 *       open event);
 *   <li>bare reconnect: a bare connection whose listener calls {@code connect} from its {@code
 *       onClosed}, split into <em>close</em> and <em>connect</em>;
 *   <li>bare connect: {@code connect} to {@code onOpen}, each connection closed before the next.
 * </ul>
 *
 * <p>The series take turns in rounds of {@value #ROUND} cycles, so that JIT warm-up and the load of
 * a shared machine reach all three alike, and the first fifth of the rounds is not counted. Before
 * each cycle the server has finished the previous connection's closing handshake. It prints the
 * median and the mean of each phase in microseconds. This is a diagnostic beside the JMH benchmark,
 * with no JMH harness: its figures are for the split, and the benchmark's are the reference.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.partysocket.benchmarks.transport.ReconnectPhases \
 *     --transports all --cycles 3000
 * </pre>
 */
public final class ReconnectPhases {

  private static final int ROUND = 50;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private ReconnectPhases() {}

  /** Runs the split; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    Args options = Args.parse(args, Set.of("transports", "cycles"));
    int cycles = options.integer("cycles", 3000);
    for (String transport : Transports.parse(options.text("transports", "all"))) {
      System.out.println(split(transport, Math.max(ROUND * 5, cycles)));
    }
  }

  private static String split(String transport, int cycles) throws InterruptedException {
    int rounds = cycles / ROUND;
    try (SocketSeries socket = new SocketSeries(transport);
        BareReconnectSeries bareReconnect = new BareReconnectSeries(transport);
        BareConnectSeries bareConnect = new BareConnectSeries(transport)) {
      for (int round = 0; round < rounds; round++) {
        boolean record = round >= rounds / 5;
        for (Series series : new Series[] {socket, bareReconnect, bareConnect}) {
          for (int i = 0; i < ROUND; i++) {
            series.cycle(record);
          }
        }
      }
      return String.format(
          Locale.ROOT,
          "%s, µs (median / mean) of %d cycles each:%n  socket reconnect: %s%n"
              + "  bare reconnect: %s%n  bare connect: %s",
          transport,
          socket.samples.count(),
          socket.samples,
          bareReconnect.samples,
          bareConnect.samples);
    }
  }

  /** Durations per phase, in nanoseconds, in the order the phases were first recorded. */
  private static final class Samples {
    private final Map<String, long[]> phases = new LinkedHashMap<>();
    private int count;

    void record(Map<String, Long> nanosByPhase) {
      long total = 0;
      for (Map.Entry<String, Long> phase : nanosByPhase.entrySet()) {
        add(phase.getKey(), phase.getValue());
        total += phase.getValue();
      }
      if (nanosByPhase.size() > 1) {
        add("total", total);
      }
      count++;
    }

    private void add(String phase, long nanos) {
      long[] values = phases.computeIfAbsent(phase, name -> new long[64]);
      if (count == values.length) {
        values = Arrays.copyOf(values, values.length * 2);
        phases.put(phase, values);
      }
      values[count] = nanos;
    }

    int count() {
      return count;
    }

    @Override
    public String toString() {
      StringJoiner text = new StringJoiner(", ");
      for (Map.Entry<String, long[]> phase : phases.entrySet()) {
        long[] sorted = Arrays.copyOf(phase.getValue(), count);
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
        text.add(
            String.format(
                Locale.ROOT,
                "%s %.0f / %.0f",
                phase.getKey(),
                sorted[count / 2] / 1e3,
                mean / 1e3));
      }
      return text.toString();
    }
  }

  /** One series: a server, a factory and the cycle it times. */
  private abstract static class Series implements AutoCloseable {
    final JettyServer server = JettyServer.start();
    final TimedFactory factory;
    final Samples samples = new Samples();

    Series(String transport) {
      factory = new TimedFactory(Transports.create(transport));
    }

    /** Runs one cycle and records its phases when {@code record} is true. */
    abstract void cycle(boolean record) throws InterruptedException;

    @Override
    public void close() {
      factory.close();
      server.close();
    }
  }

  /** The reconnect of a socket with no delay. */
  private static final class SocketSeries extends Series {
    private final ReconnectingWebSocket socket;
    private volatile long closed;
    private volatile long opened;
    private volatile CountDownLatch openLatch = new CountDownLatch(1);
    private JettyConnection serverSide;

    SocketSeries(String transport) throws InterruptedException {
      super(transport);
      WebSocketOptions options =
          WebSocketOptions.builder()
              .transport(factory)
              .minReconnectionDelay(Duration.ZERO)
              .startClosed(true)
              .addEventListener(EventType.CLOSE, event -> closed = System.nanoTime())
              .addEventListener(
                  EventType.OPEN,
                  event -> {
                    opened = System.nanoTime();
                    openLatch.countDown();
                  })
              .build();
      socket = new ReconnectingWebSocket(server.uri("/phases").toString(), options);
      socket.reconnect();
      Waits.await(openLatch, "the socket's first open", TIMEOUT);
      serverSide = server.awaitConnection(TIMEOUT);
    }

    @Override
    void cycle(boolean record) throws InterruptedException {
      openLatch = new CountDownLatch(1);
      long start = System.nanoTime();
      serverSide.close(1001, "restart");
      Waits.await(openLatch, "the socket to open again", TIMEOUT);
      if (record) {
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("close", closed - start);
        phases.put("engine", factory.lastConnect - closed);
        phases.put("connect", factory.lastTransportOpen - factory.lastConnect);
        phases.put("open", opened - factory.lastTransportOpen);
        samples.record(phases);
      }
      serverSide.await(ServerEvent.TcpEnd.class, TIMEOUT);
      serverSide = server.awaitConnection(TIMEOUT);
    }

    @Override
    public void close() {
      socket.close();
      super.close();
    }
  }

  /** The reconnect of a bare connection whose listener connects again from its onClosed. */
  private static final class BareReconnectSeries extends Series implements ConnectionListener {
    private final ConnectRequest request;
    private volatile long closed;
    private volatile long opened;
    private volatile CountDownLatch openLatch = new CountDownLatch(1);
    private volatile boolean redial = true;
    private volatile WebSocketConnection connection;
    private JettyConnection serverSide;

    BareReconnectSeries(String transport) throws InterruptedException {
      super(transport);
      request = ConnectRequest.builder(server.uri("/phases")).build();
      factory.connect(request, this);
      Waits.await(openLatch, "the bare connection's first open", TIMEOUT);
      serverSide = server.awaitConnection(TIMEOUT);
    }

    @Override
    public void onOpen(WebSocketConnection opened) {
      connection = opened;
      this.opened = System.nanoTime();
      openLatch.countDown();
    }

    @Override
    public void onClosed(CloseInfo info) {
      closed = System.nanoTime();
      if (redial) {
        factory.connect(request, this);
      }
    }

    @Override
    void cycle(boolean record) throws InterruptedException {
      openLatch = new CountDownLatch(1);
      long start = System.nanoTime();
      serverSide.close(1001, "restart");
      Waits.await(openLatch, "the bare connection to open again", TIMEOUT);
      if (record) {
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("close", closed - start);
        phases.put("connect", opened - closed);
        samples.record(phases);
      }
      serverSide.await(ServerEvent.TcpEnd.class, TIMEOUT);
      serverSide = server.awaitConnection(TIMEOUT);
    }

    @Override
    public void close() {
      redial = false;
      connection.close(1000, "");
      super.close();
    }
  }

  /** A bare connect, closed before the next. */
  private static final class BareConnectSeries extends Series {
    private final ConnectRequest request;

    BareConnectSeries(String transport) {
      super(transport);
      request = ConnectRequest.builder(server.uri("/phases")).build();
    }

    @Override
    void cycle(boolean record) throws InterruptedException {
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
      Waits.await(opened, "the bare connection's onOpen", TIMEOUT);
      long end = System.nanoTime();
      if (record) {
        samples.record(Map.of("connect", end - start));
      }
      stage.toCompletableFuture().join().close(1000, "");
      Waits.await(closed, "the bare connection to close", TIMEOUT);
      server.awaitConnection(TIMEOUT).await(ServerEvent.TcpEnd.class, TIMEOUT);
    }
  }

  /** A factory that records the times of its last {@code connect} call and its open. */
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

    @Override
    public void close() {
      delegate.close();
    }

    /** Records when the transport reports the open, then passes every call on. */
    private final class TimedListener implements ConnectionListener {
      private final ConnectionListener target;

      TimedListener(ConnectionListener target) {
        this.target = target;
      }

      @Override
      public void onOpen(WebSocketConnection connection) {
        lastTransportOpen = System.nanoTime();
        target.onOpen(connection);
      }

      @Override
      public void onText(String text) {
        target.onText(text);
      }

      @Override
      public void onBinary(ByteBuffer data) {
        target.onBinary(data);
      }

      @Override
      public void onPing(ByteBuffer payload) {
        target.onPing(payload);
      }

      @Override
      public void onPong(ByteBuffer payload) {
        target.onPong(payload);
      }

      @Override
      public void onClosed(CloseInfo info) {
        target.onClosed(info);
      }
    }
  }
}
