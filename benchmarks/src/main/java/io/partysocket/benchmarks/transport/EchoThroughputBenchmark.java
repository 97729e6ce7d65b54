package io.partysocket.benchmarks.transport;

import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.SendResult;
import io.partysocket.WebSocketOptions;
import io.partysocket.benchmarks.Payloads;
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
 * Echo throughput over one connection to a loopback {@link EchoServer}. With {@code variant} =
 * {@code socket}, text messages go through an open {@link ReconnectingWebSocket} and come back to
 * its message listener; with {@code bare}, the same messages go to {@code sendText} on a bare
 * connection of the same transport and come back to its {@link ConnectionListener}.
 *
 * <p>Both variants keep at most {@value #WINDOW} messages in flight (sent and not yet echoed): the
 * benchmark thread waits for a free place before each send, and each echo frees one. One operation
 * is one message sent, and every message sent is echoed: after each iteration an untimed teardown
 * waits for the last echoes and fails the run if any is missing. The score is messages per second
 * in each direction.
 *
 * <p>The variant is a parameter, not a second method, because JMH runs parameter sets in the order
 * of their sorted names and values: {@code variant} sorts last, so the bare and the socket forks of
 * one transport and payload run back to back, and a change in the load of a shared machine reaches
 * both.
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

  /** One open connection, through a socket or bare, to its own echo server. */
  @State(Scope.Thread)
  public static class Echo {
    /** The transport's name, as {@link Transports#create} takes it. */
    @Param({"netty", "jetty", "okhttp", "jdk", "tyrus"})
    public String transport;

    /** The payload length in bytes: ASCII text, so characters and UTF-8 bytes are equal. */
    @Param({"64", "16384"})
    public int payloadBytes;

    /** {@code bare}: the transport's connection; {@code socket}: a ReconnectingWebSocket. */
    @Param({"bare", "socket"})
    public String variant;

    final EchoWindow window = new EchoWindow(WINDOW);
    EchoServer server;
    WebSocketFactory factory;
    String text;
    Variant sender;

    @Setup(Level.Trial)
    public void open() throws Exception {
      text = Payloads.ascii(payloadBytes);
      server = EchoServer.start();
      factory = Transports.create(transport);
      sender =
          switch (variant) {
            case "bare" -> new BareVariant(this);
            case "socket" -> new SocketVariant(this);
            default ->
                throw new IllegalArgumentException(
                    "variant must be bare or socket but was \"" + variant + "\"");
          };
    }

    @TearDown(Level.Iteration)
    public void awaitEchoes() throws InterruptedException {
      window.awaitAllEchoed();
    }

    @TearDown(Level.Trial)
    public void close() {
      try {
        sender.close();
      } finally {
        factory.close();
        server.close();
      }
    }
  }

  /** The sending side of a variant. */
  interface Variant {
    void send(String text);

    /** Closes the connection; fails the run if the variant did not do the work it claims. */
    void close();
  }

  /** A socket whose message listener frees a place in the window. */
  static final class SocketVariant implements Variant {
    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicLong notSent = new AtomicLong();
    private final ReconnectingWebSocket socket;

    SocketVariant(Echo echo) {
      WebSocketOptions options =
          WebSocketOptions.builder().transport(echo.factory).startClosed(true).build();
      socket = new ReconnectingWebSocket(echo.server.uri().toString(), options);
      socket.addEventListener(EventType.MESSAGE, event -> echo.window.echoArrived());
      socket.addEventListener(EventType.OPEN, event -> opens.incrementAndGet());
      socket.reconnect();
      Waits.until(() -> socket.readyState() == ReconnectingWebSocket.OPEN, "socket to open");
    }

    @Override
    public void send(String text) {
      if (socket.send(text).status() != SendResult.Status.SENT) {
        notSent.incrementAndGet();
      }
    }

    @Override
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

  /** A connection of the transport, with no socket in front of it. */
  static final class BareVariant implements Variant {
    private final WebSocketConnection connection;

    BareVariant(Echo echo) throws Exception {
      ConnectionListener listener =
          new ConnectionListener() {
            @Override
            public void onText(String text) {
              echo.window.echoArrived();
            }
          };
      ConnectRequest request = ConnectRequest.builder(echo.server.uri()).build();
      connection =
          echo.factory.connect(request, listener).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void send(String text) {
      connection.sendText(text);
    }

    @Override
    public void close() {
      connection.close(1000, "");
    }
  }

  @Benchmark
  public void echo(Echo echo) throws InterruptedException {
    for (int i = 0; i < BATCH; i++) {
      echo.window.beforeSend();
      echo.sender.send(echo.text);
    }
  }
}
