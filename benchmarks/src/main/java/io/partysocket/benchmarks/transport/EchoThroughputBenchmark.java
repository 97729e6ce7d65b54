package io.partysocket.benchmarks.transport;

import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.SendResult;
import io.partysocket.WebSocketOptions;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Echo throughput over one connection to a loopback {@link EchoServer}: text messages sent through
 * an open {@link ReconnectingWebSocket} and received by its message listener, beside the same
 * messages sent with {@code sendText} on a bare connection of the same transport and received by
 * its {@link ConnectionListener}.
 *
 * <p>Both paths keep at most {@value #WINDOW} messages in flight (sent and not yet echoed): the
 * benchmark thread waits for a free place before each send, and each echo frees one. One operation
 * is one message sent, and every message sent is echoed: after each iteration an untimed teardown
 * waits for the last echoes and fails the run if any is missing. The score is messages per second
 * in each direction.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EchoThroughputBenchmark.BATCH)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class EchoThroughputBenchmark {

  /** Messages in flight at most: sent and not yet echoed. */
  public static final int WINDOW = 32;

  /** Messages sent per benchmark call. */
  public static final int BATCH = 64;

  /** The transport, the payload and the server, shared by both paths. */
  @State(Scope.Thread)
  public static class Setting {
    /** The transport's name, as {@link Transports#create} takes it. */
    @Param({"netty", "jetty", "okhttp", "jdk", "tyrus"})
    public String transport;

    /** The payload length in bytes: ASCII text, so characters and UTF-8 bytes are equal. */
    @Param({"64", "16384"})
    public int payloadBytes;

    EchoServer server;
    WebSocketFactory factory;
    String text;

    @Setup(Level.Trial)
    public void start() {
      text = Texts.ascii(payloadBytes);
      server = EchoServer.start();
      factory = Transports.create(transport);
    }

    @TearDown(Level.Trial)
    public void stop() {
      factory.close();
      server.close();
    }
  }

  /** An open socket whose message listener frees a place in the window. */
  @State(Scope.Thread)
  public static class SocketPath {
    final EchoWindow window = new EchoWindow(WINDOW);
    final AtomicInteger opens = new AtomicInteger();
    final AtomicLong notSent = new AtomicLong();
    ReconnectingWebSocket socket;

    @Setup(Level.Trial)
    public void open(Setting setting) throws InterruptedException {
      WebSocketOptions options =
          WebSocketOptions.builder().transport(setting.factory).startClosed(true).build();
      socket = new ReconnectingWebSocket(setting.server.uri().toString(), options);
      socket.addEventListener(EventType.MESSAGE, event -> window.echoArrived());
      socket.addEventListener(EventType.OPEN, event -> opens.incrementAndGet());
      socket.reconnect();
      Waits.until(() -> socket.readyState() == ReconnectingWebSocket.OPEN, "socket to open");
    }

    @TearDown(Level.Iteration)
    public void awaitEchoes() throws InterruptedException {
      window.awaitAllEchoed();
    }

    /** Fails the run if the socket reconnected or queued a message instead of sending it. */
    @TearDown(Level.Trial)
    public void close() {
      socket.close();
      if (opens.get() != 1 || notSent.get() != 0) {
        throw new IllegalStateException(
            "the socket opened "
                + opens.get()
                + " times and did not send "
                + notSent.get()
                + " messages at once; the figure would include reconnects");
      }
    }
  }

  /** An open connection of the transport, with no socket in front of it. */
  @State(Scope.Thread)
  public static class BarePath {
    final EchoWindow window = new EchoWindow(WINDOW);
    WebSocketConnection connection;

    @Setup(Level.Trial)
    public void open(Setting setting) throws Exception {
      ConnectionListener listener =
          new ConnectionListener() {
            @Override
            public void onText(String text) {
              window.echoArrived();
            }
          };
      ConnectRequest request = ConnectRequest.builder(setting.server.uri()).build();
      connection =
          setting
              .factory
              .connect(request, listener)
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
    }

    @TearDown(Level.Iteration)
    public void awaitEchoes() throws InterruptedException {
      window.awaitAllEchoed();
    }

    @TearDown(Level.Trial)
    public void close() {
      connection.close(1000, "");
    }
  }

  @Benchmark
  public void socket(Setting setting, SocketPath path) throws InterruptedException {
    for (int i = 0; i < BATCH; i++) {
      path.window.beforeSend();
      if (path.socket.send(setting.text).status() != SendResult.Status.SENT) {
        path.notSent.incrementAndGet();
      }
    }
  }

  @Benchmark
  public void bare(Setting setting, BarePath path) throws InterruptedException {
    for (int i = 0; i < BATCH; i++) {
      path.window.beforeSend();
      path.connection.sendText(setting.text);
    }
  }
}
