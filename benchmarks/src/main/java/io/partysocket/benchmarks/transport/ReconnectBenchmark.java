package io.partysocket.benchmarks.transport;

import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.server.JettyConnection;
import io.partysocket.tck.server.JettyServer;
import io.partysocket.tck.server.ServerEvent;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reconnect of a {@link ReconnectingWebSocket} with no reconnect delay, beside a bare connect
 * and a bare reconnect of the same transport, all to the TCK's loopback {@link JettyServer}. One
 * call of each {@code variant}:
 *
 * <ul>
 *   <li>{@code socketReconnect}: the server starts a closing handshake (code 1001) on the socket's
 *       connection, and the call returns when the socket's open listener runs for the next
 *       connection. It includes the closing handshake, the socket's close event, its reconnect
 *       decision, the scheduler's run of the attempt (delay 0), the connect gate and a new connect.
 *   <li>{@code bareConnect}: {@code connect} on the transport, until the listener's {@code onOpen}.
 *       An untimed teardown closes the connection after each call.
 *   <li>{@code bareReconnect}: the cycle of {@code socketReconnect} on a bare connection, whose
 *       listener calls {@code connect} from its {@code onClosed}: the same closing handshake and
 *       connect, with no engine between them.
 * </ul>
 *
 * <p>Before each call, an untimed step waits until the server has finished the closing handshake of
 * the previous connection, in every variant. Every call is one sample ({@code SampleTime}). As in
 * {@link EchoThroughputBenchmark}, the variant is the parameter that sorts last, so the three
 * variants of one transport run back to back.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ReconnectBenchmark {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The server, the transport and the variant's connection. */
  @State(Scope.Thread)
  public static class Cycle {
    /** The transport's name, as {@link Transports#create} takes it. */
    @Param({"netty", "jetty", "okhttp", "jdk", "tyrus"})
    public String transport;

    /** The cycle that one call runs; see the class comment. */
    @Param({"bareConnect", "bareReconnect", "socketReconnect"})
    public String variant;

    JettyServer server;
    WebSocketFactory factory;
    ConnectRequest request;
    Variant cycle;

    @Setup(Level.Trial)
    public void start() throws InterruptedException {
      server = JettyServer.start();
      factory = Transports.create(transport);
      request = ConnectRequest.builder(server.uri("/reconnect")).build();
      cycle =
          switch (variant) {
            case "bareConnect" -> new BareConnect(this);
            case "bareReconnect" -> new BareReconnect(this);
            case "socketReconnect" -> new SocketReconnect(this);
            default ->
                throw new IllegalArgumentException(
                    "variant must be bareConnect, bareReconnect or socketReconnect but was \""
                        + variant
                        + "\"");
          };
    }

    @Setup(Level.Invocation)
    public void beforeCall() {
      cycle.beforeCall();
    }

    @TearDown(Level.Invocation)
    public void afterCall() throws InterruptedException {
      cycle.afterCall();
    }

    @TearDown(Level.Trial)
    public void stop() {
      try {
        cycle.close();
      } finally {
        factory.close();
        server.close();
      }
    }
  }

  /** One variant's cycle; only {@link #call()} is timed. */
  abstract static class Variant {
    /** Prepares the next call, untimed. */
    void beforeCall() {}

    /** Runs one timed call. */
    abstract void call() throws Exception;

    /** Cleans up after a call, untimed. */
    void afterCall() throws InterruptedException {}

    /** Closes what the variant opened. */
    abstract void close();
  }

  /** A connection that is open between calls, and the server side of it. */
  abstract static class Reopening extends Variant {
    final Cycle cycle;
    volatile CountDownLatch opened = new CountDownLatch(1);
    JettyConnection serverSide;

    Reopening(Cycle cycle) {
      this.cycle = cycle;
    }

    /**
     * Waits until the server finished the closing handshake of the previous call's connection, so
     * that no close work overlaps the next call, then takes the server side of the connection that
     * is open now and arms the open latch.
     */
    @Override
    void beforeCall() {
      if (serverSide != null) {
        serverSide.await(ServerEvent.TcpEnd.class, TIMEOUT);
      }
      serverSide = cycle.server.awaitConnection(TIMEOUT);
      opened = new CountDownLatch(1);
    }

    @Override
    void call() throws InterruptedException {
      serverSide.close(1001, "restart");
      Waits.await(opened, "the connection to open again", TIMEOUT);
    }
  }

  /** A socket that reconnects at once. */
  static final class SocketReconnect extends Reopening {
    private final ReconnectingWebSocket socket;

    SocketReconnect(Cycle cycle) throws InterruptedException {
      super(cycle);
      WebSocketOptions options =
          WebSocketOptions.builder()
              .transport(cycle.factory)
              .minReconnectionDelay(Duration.ZERO)
              .startClosed(true)
              .build();
      socket = new ReconnectingWebSocket(cycle.request.uri().toString(), options);
      socket.addEventListener(EventType.OPEN, event -> opened.countDown());
      socket.reconnect();
      Waits.await(opened, "the first open", TIMEOUT);
    }

    @Override
    void close() {
      socket.close();
    }
  }

  /**
   * A bare connection whose listener connects again from its own {@code onClosed}, on the
   * transport's thread: the reconnect an application would write by hand, with no engine.
   */
  static final class BareReconnect extends Reopening implements ConnectionListener {
    private volatile WebSocketConnection connection;
    private volatile boolean redial = true;

    BareReconnect(Cycle cycle) throws InterruptedException {
      super(cycle);
      cycle.factory.connect(cycle.request, this);
      Waits.await(opened, "the first open", TIMEOUT);
    }

    @Override
    public void onOpen(WebSocketConnection opened) {
      connection = opened;
      this.opened.countDown();
    }

    @Override
    public void onClosed(CloseInfo info) {
      if (redial) {
        cycle.factory.connect(cycle.request, this);
      }
    }

    @Override
    void close() {
      redial = false;
      connection.close(1000, "");
    }
  }

  /** A bare connect, closed after the call. */
  static final class BareConnect extends Variant {
    private final Cycle cycle;
    private CountDownLatch opened;
    private CountDownLatch closed;
    private WebSocketConnection connection;

    BareConnect(Cycle cycle) {
      this.cycle = cycle;
    }

    @Override
    void beforeCall() {
      opened = new CountDownLatch(1);
      closed = new CountDownLatch(1);
    }

    @Override
    void call() throws Exception {
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
      connection =
          cycle
              .factory
              .connect(cycle.request, listener)
              .toCompletableFuture()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Waits.await(opened, "the bare connection's onOpen", TIMEOUT);
    }

    /**
     * Closes the call's connection and waits until both ends finished the closing handshake, so
     * that no close work overlaps the next call.
     */
    @Override
    void afterCall() throws InterruptedException {
      connection.close(1000, "");
      Waits.await(closed, "the bare connection to close", TIMEOUT);
      cycle.server.awaitConnection(TIMEOUT).await(ServerEvent.TcpEnd.class, TIMEOUT);
    }

    @Override
    void close() {}
  }

  @Benchmark
  public void reconnect(Cycle cycle) throws Exception {
    cycle.cycle.call();
  }
}
