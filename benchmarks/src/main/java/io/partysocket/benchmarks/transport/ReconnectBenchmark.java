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
 * of the same transport, both to the TCK's loopback {@link JettyServer}.
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
 * the previous connection, in every path.
 *
 * <p>Every call is one sample ({@code SampleTime}); compare the means.
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

  /** The transport and the server, shared by the paths. */
  @State(Scope.Thread)
  public static class Setting {
    /** The transport's name, as {@link Transports#create} takes it. */
    @Param({"netty", "jetty", "okhttp", "jdk", "tyrus"})
    public String transport;

    JettyServer server;
    WebSocketFactory factory;

    @Setup(Level.Trial)
    public void start() {
      server = JettyServer.start();
      factory = Transports.create(transport);
    }

    @TearDown(Level.Trial)
    public void stop() {
      factory.close();
      server.close();
    }
  }

  /** A socket that reconnects at once, and the server side of its current connection. */
  @State(Scope.Thread)
  public static class Reconnecting {
    ReconnectingWebSocket socket;
    JettyConnection serverSide;
    volatile CountDownLatch opened = new CountDownLatch(1);
    Setting setting;

    @Setup(Level.Trial)
    public void open(Setting setting) throws InterruptedException {
      this.setting = setting;
      WebSocketOptions options =
          WebSocketOptions.builder()
              .transport(setting.factory)
              .minReconnectionDelay(Duration.ZERO)
              .startClosed(true)
              .build();
      socket = new ReconnectingWebSocket(setting.server.uri("/reconnect").toString(), options);
      socket.addEventListener(EventType.OPEN, event -> opened.countDown());
      socket.reconnect();
      await(opened, "the first open");
    }

    /**
     * Waits until the server finished the closing handshake of the previous call's connection, so
     * that no close work overlaps the next call, then takes the server side of the connection that
     * is open now and arms the open latch.
     */
    @Setup(Level.Invocation)
    public void arm() {
      if (serverSide != null) {
        serverSide.await(ServerEvent.TcpEnd.class, TIMEOUT);
      }
      serverSide = setting.server.awaitConnection(TIMEOUT);
      opened = new CountDownLatch(1);
    }

    @TearDown(Level.Trial)
    public void close() {
      socket.close();
    }
  }

  /** A listener per bare connection, which counts its open and its end. */
  static final class BareListener implements ConnectionListener {
    final CountDownLatch opened = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void onOpen(WebSocketConnection connection) {
      opened.countDown();
    }

    @Override
    public void onClosed(CloseInfo info) {
      closed.countDown();
    }
  }

  /** The bare connection of the last call, closed after it. */
  @State(Scope.Thread)
  public static class Bare {
    ConnectRequest request;
    BareListener listener;
    WebSocketConnection connection;
    Setting setting;

    @Setup(Level.Trial)
    public void prepare(Setting setting) {
      this.setting = setting;
      request = ConnectRequest.builder(setting.server.uri("/reconnect")).build();
    }

    /**
     * Closes the call's connection and waits until both ends finished the closing handshake, so
     * that no close work overlaps the next call.
     */
    @TearDown(Level.Invocation)
    public void closeConnection() throws InterruptedException {
      if (connection != null) {
        connection.close(1000, "");
        await(listener.closed, "the bare connection to close");
        setting.server.awaitConnection(TIMEOUT).await(ServerEvent.TcpEnd.class, TIMEOUT);
        connection = null;
      }
    }
  }

  /**
   * A bare connection whose listener connects again from its own {@code onClosed}, on the
   * transport's thread: the reconnect an application would write by hand, with no engine.
   */
  @State(Scope.Thread)
  public static class BareReconnecting {
    Setting setting;
    ConnectRequest request;
    JettyConnection serverSide;
    volatile CountDownLatch opened = new CountDownLatch(1);
    volatile WebSocketConnection connection;
    volatile boolean redial = true;

    @Setup(Level.Trial)
    public void open(Setting setting) throws InterruptedException {
      this.setting = setting;
      request = ConnectRequest.builder(setting.server.uri("/reconnect")).build();
      connectNext();
      await(opened, "the first open");
    }

    void connectNext() {
      setting.factory.connect(request, new Redial());
    }

    /** See {@link Reconnecting#arm()}. */
    @Setup(Level.Invocation)
    public void arm() {
      if (serverSide != null) {
        serverSide.await(ServerEvent.TcpEnd.class, TIMEOUT);
      }
      serverSide = setting.server.awaitConnection(TIMEOUT);
      opened = new CountDownLatch(1);
    }

    @TearDown(Level.Trial)
    public void close() {
      redial = false;
      connection.close(1000, "");
    }

    /** Reports each open, and connects again when the connection ends. */
    final class Redial implements ConnectionListener {
      @Override
      public void onOpen(WebSocketConnection opened) {
        connection = opened;
        BareReconnecting.this.opened.countDown();
      }

      @Override
      public void onClosed(CloseInfo info) {
        if (redial) {
          connectNext();
        }
      }
    }
  }

  @Benchmark
  public void socketReconnect(Reconnecting path) throws InterruptedException {
    path.serverSide.close(1001, "restart");
    await(path.opened, "the socket to open again");
  }

  @Benchmark
  public WebSocketConnection bareConnect(Setting setting, Bare path) throws Exception {
    path.listener = new BareListener();
    path.connection =
        setting
            .factory
            .connect(path.request, path.listener)
            .toCompletableFuture()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    await(path.listener.opened, "the bare connection's onOpen");
    return path.connection;
  }

  @Benchmark
  public void bareReconnect(BareReconnecting path) throws InterruptedException {
    path.serverSide.close(1001, "restart");
    await(path.opened, "the bare connection to open again");
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what);
    }
  }
}
