package io.partysocket.tck.server;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A conforming WebSocket echo server: Jetty 12 on 127.0.0.1 with an ephemeral port, with
 * permessage-deflate available, selecting the first offered subprotocol and recording each
 * connection as a {@link JettyConnection}. Messages up to 64 MiB are accepted; the idle timeout is
 * 10 minutes so that it never ends a test's connection.
 *
 * <p>Thread-safe.
 */
public final class JettyServer implements AutoCloseable {

  private static final long MAX_MESSAGE_BYTES = 64L * 1024 * 1024;
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

  private final Server server;
  private final ServerConnector connector;
  private final Object lock = new Object();

  // Guarded by lock.
  private final List<JettyConnection> connections = new ArrayList<>();
  private int returned;

  private JettyServer() {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("tck-jetty");
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
              container.addMapping(
                  "/*", (request, response, callback) -> accept(request, response));
            }));
  }

  /**
   * Starts a server.
   *
   * @throws IllegalStateException if Jetty fails to start
   */
  public static JettyServer start() {
    JettyServer jetty = new JettyServer();
    try {
      jetty.server.start();
    } catch (Exception e) {
      jetty.close();
      throw new IllegalStateException("Jetty test server failed to start", e);
    }
    return jetty;
  }

  private Object accept(ServerUpgradeRequest request, ServerUpgradeResponse response) {
    List<String> offered = request.getSubProtocols();
    if (!offered.isEmpty()) {
      response.setAcceptedSubProtocol(offered.get(0));
    }
    JettyConnection connection;
    synchronized (lock) {
      connection = new JettyConnection(connections.size() + 1, request);
      connections.add(connection);
      lock.notifyAll();
    }
    return connection.endpoint();
  }

  /** Returns the port. */
  public int port() {
    return connector.getLocalPort();
  }

  /** Returns {@code ws://127.0.0.1:port} followed by {@code pathAndQuery}. */
  public URI uri(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
  }

  /** Waits up to 5 seconds for the next upgraded connection. */
  public JettyConnection awaitConnection() {
    return awaitConnection(DEFAULT_WAIT);
  }

  /**
   * Returns the next upgraded connection that this method has not returned yet.
   *
   * @throws AssertionError if there is none within {@code timeout}
   */
  public JettyConnection awaitConnection(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (connections.size() <= returned) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "Jetty accepted no new connection within " + timeout.toMillis() + " ms");
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for a connection", e);
        }
      }
      return connections.get(returned++);
    }
  }

  /** Stops Jetty and its threads. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty test server failed to stop", e);
    }
  }
}
