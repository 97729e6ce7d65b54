package io.partysocket;

import java.util.concurrent.CompletionStage;

/**
 * Runs when a connection opens, before the queued backlog is sent and before open listeners run, to
 * authenticate or subscribe again. Messages it sends through {@link Session} go out first; the
 * backlog follows when the returned stage completes.
 *
 * <p>If the hook throws or its stage fails, the connection is closed with 1011 and the socket
 * retries as after any failed attempt.
 */
@FunctionalInterface
public interface ConnectHook {

  /**
   * Called once per opened connection, on a transport thread.
   *
   * @return {@code null} or a completed stage to send the backlog at once, or a stage that
   *     completes when the connection is ready for it
   */
  CompletionStage<?> onConnect(Session session);

  /** The new connection, as seen by the hook. */
  interface Session {
    /** Sends a text message on this connection, ahead of the backlog. */
    CompletionStage<Void> send(String text);

    /** Sends a binary message on this connection, ahead of the backlog. */
    CompletionStage<Void> send(java.nio.ByteBuffer data);

    /** Returns the subprotocol the server selected, or an empty string. */
    String protocol();

    /** Returns the URL of the connection. */
    String url();
  }
}
