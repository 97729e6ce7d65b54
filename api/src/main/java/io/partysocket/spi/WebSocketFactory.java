package io.partysocket.spi;

import java.util.concurrent.CompletionStage;

/**
 * Opens WebSocket connections over one client library, and owns what those connections share (an
 * event loop group, an HTTP client, a thread pool).
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}, so each needs a public
 * no-argument constructor. That constructor must be cheap and free of side effects: no threads and
 * no sockets until the first {@link #connect connect}. A second public constructor that takes the
 * application's own client object is recommended; a factory built that way never closes that
 * object.
 *
 * <h2>Connect contract</h2>
 *
 * <ul>
 *   <li>{@link #connect connect} never blocks and never throws for network reasons. It returns a
 *       stage that fails with {@link ConnectFailedException} when the connection cannot be opened.
 *   <li>On success the transport calls {@link ConnectionListener#onOpen} first and then completes
 *       the stage with the same connection. When the stage fails, the listener is never called.
 *   <li>Cancelling the stage (through {@link CompletionStage#toCompletableFuture()}) before it
 *       completes aborts the attempt: the socket is closed and the listener is never called.
 *   <li>After a successful open, the listener receives exactly one {@link
 *       ConnectionListener#onClosed onClosed}, and nothing after it.
 *   <li>Listener calls for one connection are serialized, arrive in wire order and never run on the
 *       stack of a call the core made into the factory or the connection.
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface WebSocketFactory extends AutoCloseable {

  /**
   * Returns the stable lower-case name that selects this transport, such as {@code "jdk"} or {@code
   * "netty"}.
   */
  String name();

  /**
   * Returns the rank of this transport when several are found and none is named; the highest wins.
   */
  int priority();

  /** Returns what this transport can do beyond the required contract. */
  TransportCapabilities capabilities();

  /**
   * Returns whether this transport can run in the current JVM, for example whether its library
   * classes are present. The core skips unusable factories when it selects one by priority.
   */
  default boolean isUsable() {
    return true;
  }

  /**
   * Starts opening a connection.
   *
   * @param request what to connect to and how
   * @param listener receives the events of the connection once it is open
   * @return a stage that completes with the open connection after {@link ConnectionListener#onOpen}
   *     was called, or fails with {@link ConnectFailedException}; after {@link #close()} it fails
   *     with {@link IllegalStateException}
   */
  CompletionStage<WebSocketConnection> connect(ConnectRequest request, ConnectionListener listener);

  /**
   * Aborts the connections this factory opened and releases the resources it created. Objects the
   * application passed in are left running. Calling it again has no effect.
   */
  @Override
  void close();
}
