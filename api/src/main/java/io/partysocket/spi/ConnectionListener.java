package io.partysocket.spi;

import java.nio.ByteBuffer;

/**
 * Receives the events of one connection. The transport calls these methods one at a time, in wire
 * order, never after {@link #onClosed}, and never on the stack of a call into the connection.
 * Implementations must return quickly: they run on the transport's I/O threads.
 */
public interface ConnectionListener {

  /**
   * Called once when the handshake succeeded, before the connect stage completes and before any
   * message of this connection.
   */
  default void onOpen(WebSocketConnection connection) {}

  /** Called with each whole text message. */
  default void onText(String text) {}

  /** Called with each whole binary message; the buffer belongs to the listener. */
  default void onBinary(ByteBuffer data) {}

  /**
   * Called when the peer sent a ping, after the transport answered it or arranged the answer.
   * Transports that do not expose pings never call it.
   */
  default void onPing(ByteBuffer payload) {}

  /**
   * Called when a pong arrived, solicited or not, where {@link TransportCapabilities#pongEvents()}
   * is true.
   */
  default void onPong(ByteBuffer payload) {}

  /** Called exactly once when the connection ended, for whatever reason; the last call. */
  default void onClosed(CloseInfo info) {}
}
