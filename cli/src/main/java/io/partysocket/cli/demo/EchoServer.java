package io.partysocket.cli.demo;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A Jetty WebSocket echo server on 127.0.0.1 that the demo stops and starts again on the same port.
 * Not thread-safe: one thread drives it.
 */
public final class EchoServer {

  private Server server;

  /**
   * Starts listening on 127.0.0.1.
   *
   * @param port the port, or 0 for a free one
   * @return the port it listens on
   * @throws IllegalStateException if it is already running
   * @throws Exception if Jetty cannot start, for example when the port is taken
   */
  public int start(int port) throws Exception {
    if (server != null) {
      throw new IllegalStateException("echo server is already running; stop() it first");
    }
    Server next = new Server();
    ServerConnector connector = new ServerConnector(next);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    next.addConnector(connector);
    next.setHandler(
        WebSocketUpgradeHandler.from(
            next,
            container ->
                container.addMapping("/*", (request, response, callback) -> new EchoEndpoint())));
    next.start();
    server = next;
    return connector.getLocalPort();
  }

  /** Stops listening and closes every connection; does nothing when not running. */
  public void stop() throws Exception {
    if (server != null) {
      Server running = server;
      server = null;
      running.stop();
    }
  }
}
