package io.partysocket.benchmarks.transport;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A WebSocket echo server on 127.0.0.1 for the throughput benchmark: Jetty 12 with the settings of
 * the TCK's {@code JettyServer} (an ephemeral port, 16 pool threads, messages up to 64 MiB, a
 * 10-minute idle timeout), which sends every text and binary message back and keeps nothing of it.
 * The TCK server records every message for its assertions, so over a throughput run its heap would
 * grow by every byte echoed.
 *
 * <p>Thread-safe.
 */
public final class EchoServer implements AutoCloseable {

  private static final long MAX_MESSAGE_BYTES = 64L * 1024 * 1024;

  private final Server server;
  private final ServerConnector connector;
  private final AtomicLong echoed = new AtomicLong();

  private EchoServer() {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("bench-echo");
    threads.setDaemon(true);
    server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
              container.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
              container.setMaxFrameSize(MAX_MESSAGE_BYTES);
              container.setIdleTimeout(Duration.ofMinutes(10));
              container.addMapping("/*", (request, response, callback) -> new Echo(echoed));
            }));
  }

  /**
   * Starts a server.
   *
   * @throws IllegalStateException if Jetty fails to start
   */
  public static EchoServer start() {
    EchoServer echo = new EchoServer();
    try {
      echo.server.start();
    } catch (Exception e) {
      echo.close();
      throw new IllegalStateException("echo server failed to start", e);
    }
    return echo;
  }

  /** Returns {@code ws://127.0.0.1:port/echo}. */
  public URI uri() {
    return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/echo");
  }

  /** Returns the number of messages sent back so far, over all connections. */
  public long echoed() {
    return echoed.get();
  }

  /** Stops Jetty and its threads. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("echo server failed to stop", e);
    }
  }

  /** One connection's endpoint; public because Jetty looks its methods up reflectively. */
  public static final class Echo implements Session.Listener.AutoDemanding {
    private final AtomicLong echoed;

    // Written by Jetty's open callback, before any message callback of the same connection.
    private volatile Session session;

    Echo(AtomicLong echoed) {
      this.echoed = echoed;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
      session.sendText(message, Callback.NOOP);
      echoed.incrementAndGet();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
      callback.succeed();
      session.sendBinary(copy, Callback.NOOP);
      echoed.incrementAndGet();
    }
  }
}
