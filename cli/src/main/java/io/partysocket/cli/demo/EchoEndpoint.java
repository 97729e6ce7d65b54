package io.partysocket.cli.demo;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Sends every message back on the same connection. Jetty requires a public listener class, and
 * calls it on one thread at a time per connection.
 */
public final class EchoEndpoint implements Session.Listener.AutoDemanding {

  private Session session;

  /** Creates the endpoint of one connection. */
  public EchoEndpoint() {}

  @Override
  public void onWebSocketOpen(Session opened) {
    this.session = opened;
  }

  @Override
  public void onWebSocketText(String message) {
    session.sendText(message, Callback.NOOP);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
    copy.put(payload).flip();
    callback.succeed();
    session.sendBinary(copy, Callback.NOOP);
  }
}
