package io.partysocket.spi;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One open WebSocket connection, as seen by the core.
 *
 * <h2>Sending</h2>
 *
 * <p>The send methods may be called from any thread, keep the order of the calls on the wire, and
 * never throw because of the connection's state: after the connection ended they return a failed
 * stage. A returned stage completes when the frame was written to the socket, or, for transports
 * whose {@link TransportCapabilities#writeCompletion()} is false, when the library accepted it. It
 * fails when the frame will never be written. No send stage completes normally once {@link
 * ConnectionListener#onClosed} has been called, so the core can treat every message whose stage is
 * still pending at that point as not written.
 *
 * <h2>Closing</h2>
 *
 * <p>{@link #close close} starts the closing handshake and {@link #abort abort} drops the TCP
 * connection. Either way, the end is reported once through {@link ConnectionListener#onClosed}.
 * When the peer does not answer a close within {@link ConnectRequest#closeTimeout()}, the transport
 * aborts and reports code 1006.
 *
 * <p>Implementations are thread-safe.
 */
public interface WebSocketConnection {

  /** Returns the subprotocol the server selected, or {@code null} when it selected none. */
  String subprotocol();

  /**
   * Returns the negotiated extensions as written in the {@code Sec-WebSocket-Extensions} response
   * header, one entry per extension with its parameters, or an empty list.
   */
  List<String> extensions();

  /**
   * Sends a text message.
   *
   * @param text the whole message
   * @return a stage that completes when the message was written
   */
  CompletionStage<Void> sendText(String text);

  /**
   * Sends a binary message made of the remaining bytes of {@code data}. The caller must not change
   * those bytes until the returned stage completes; the transport does not change the buffer's
   * position.
   *
   * @param data the whole message
   * @return a stage that completes when the message was written
   */
  CompletionStage<Void> sendBinary(ByteBuffer data);

  /**
   * Sends a ping with the remaining bytes of {@code payload}.
   *
   * @param payload at most 125 bytes
   * @return a stage that completes when the ping was written; it fails with {@link
   *     UnsupportedOperationException} when {@link TransportCapabilities#pingWithPayload()} is
   *     false
   * @throws IllegalArgumentException if the payload is longer than 125 bytes
   */
  CompletionStage<Void> ping(ByteBuffer payload);

  /**
   * Starts the closing handshake. The outcome is reported through {@link
   * ConnectionListener#onClosed}. A second call, or a call after the connection ended, has no
   * effect.
   *
   * @param code a code that an endpoint may send, see {@link CloseCodes#isSendable(int)}
   * @param reason at most 123 bytes in UTF-8, may be empty
   * @return a stage that completes when the close frame was written
   * @throws IllegalArgumentException if the code may not be sent or the reason is too long
   */
  CompletionStage<Void> close(int code, String reason);

  /**
   * Drops the connection without a closing handshake. The listener receives {@code onClosed} with
   * code 1006, not initiated by the peer, unless the connection had already ended.
   */
  void abort();

  /**
   * Returns the number of payload bytes accepted by the send methods and not yet written, as far as
   * the library lets the transport know.
   */
  long bufferedAmount();
}
