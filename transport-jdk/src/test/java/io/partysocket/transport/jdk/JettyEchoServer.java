package io.partysocket.transport.jdk;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A Jetty 12 WebSocket server on 127.0.0.1 that echoes every text and binary message on {@code
 * /echo}, selecting the subprotocol {@code chat.v1} when offered. It is the conforming peer of the
 * tests; misbehaviour comes from {@link RawWebSocketServer}.
 */
final class JettyEchoServer {

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  private JettyEchoServer() {}

  static JettyEchoServer start() throws Exception {
    JettyEchoServer echo = new JettyEchoServer();
    echo.connector.setHost("127.0.0.1");
    echo.connector.setPort(0);
    echo.server.addConnector(echo.connector);
    echo.server.setHandler(
        WebSocketUpgradeHandler.from(
            echo.server,
            container -> {
              container.setMaxTextMessageSize(64L * 1024 * 1024);
              container.setMaxBinaryMessageSize(64L * 1024 * 1024);
              container.setIdleTimeout(Duration.ofMinutes(2));
              container.addMapping(
                  "/echo",
                  (request, response, callback) -> {
                    if (request.hasSubProtocol("chat.v1")) {
                      response.setAcceptedSubProtocol("chat.v1");
                    }
                    return new EchoEndpoint();
                  });
            }));
    echo.server.start();
    return echo;
  }

  URI uri(String path) {
    return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + path);
  }

  void close() throws Exception {
    server.stop();
  }

  /** Echoes messages back in the order they arrived. Public because Jetty requires it. */
  public static final class EchoEndpoint implements Session.Listener.AutoDemanding {
    private volatile Session session;

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
      session.sendText(message, Callback.NOOP);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
      callback.succeed();
      session.sendBinary(copy, Callback.NOOP);
    }
  }
}
