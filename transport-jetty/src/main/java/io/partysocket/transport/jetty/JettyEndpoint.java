package io.partysocket.transport.jetty;

import io.partysocket.transport.jetty.internal.JettyConnection;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The Jetty endpoint of one connection: receives Jetty's callbacks and hands them to the transport.
 * Applications never create or call it.
 *
 * <p>It is public, in an exported package, because Jetty 12 finds endpoint methods with {@code
 * MethodHandles.publicLookup()}: a class that is not public, or whose package a named module does
 * not export to everyone, fails every connect with "Unable to access method". It implements {@link
 * Session.Listener.AutoDemanding}, so Jetty reads the next frame as soon as a callback returns.
 *
 * <p>It deliberately does not override {@code onWebSocketPing}: Jetty replies to pings with a pong
 * only for endpoints that do not override that method.
 *
 * <p>Thread-safe: Jetty calls it one callback at a time per connection, and it keeps no state.
 */
public final class JettyEndpoint implements Session.Listener.AutoDemanding {

  private final JettyConnection connection;

  JettyEndpoint(JettyConnection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /** Reports the open session. */
  @Override
  public void onWebSocketOpen(Session session) {
    connection.opened(session);
  }

  /** Reports a whole text message. */
  @Override
  public void onWebSocketText(String message) {
    connection.receivedText(message);
  }

  /**
   * Reports a whole binary message. Jetty reuses {@code payload} once {@code callback} succeeds, so
   * the bytes are copied first.
   */
  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    ByteBuffer copy = copyOf(payload);
    callback.succeed();
    connection.receivedBinary(copy);
  }

  /** Reports a pong, solicited or not. */
  @Override
  public void onWebSocketPong(ByteBuffer payload) {
    connection.receivedPong(copyOf(payload));
  }

  /** Records an error; Jetty reports the end of the connection in {@link #onWebSocketClose}. */
  @Override
  public void onWebSocketError(Throwable cause) {
    connection.failed(cause);
  }

  /**
   * Reports the peer's close frame, or the end of the connection without one (code 1006). Jetty
   * sends its reply to the peer's close frame once {@code callback} succeeds.
   */
  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    connection.closedByJetty(statusCode, reason);
    callback.succeed();
  }

  @Override
  public String toString() {
    return "JettyEndpoint[" + connection + "]";
  }

  private static ByteBuffer copyOf(ByteBuffer payload) {
    if (payload == null) {
      return ByteBuffer.allocate(0);
    }
    ByteBuffer source = payload.duplicate();
    return ByteBuffer.allocate(source.remaining()).put(source).flip();
  }
}
