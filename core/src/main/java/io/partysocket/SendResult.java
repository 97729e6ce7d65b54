package io.partysocket;

import java.util.concurrent.CompletionStage;

/**
 * What {@link ReconnectingWebSocket#send(String) send} did with a message.
 *
 * <p>Implementations are thread-safe.
 */
public interface SendResult {

  /** What happened to the message at the moment of the call. */
  enum Status {
    /** The socket was open: the message is on its way to the current connection. */
    SENT,
    /** The socket was not open: the message waits in the queue for the next open connection. */
    QUEUED,
    /** The message was not accepted, for example because the queue was full. */
    REJECTED
  }

  /** Returns what happened to the message at the moment of the call. */
  Status status();

  /**
   * Returns a stage that completes when the message was written to a connection (or, on transports
   * without write completion, accepted by the transport). It fails with {@link
   * UnsentMessageException} when the message was rejected, or later removed from the queue by
   * {@link ReconnectingWebSocket#drainQueuedMessages()}.
   */
  CompletionStage<Void> written();
}
