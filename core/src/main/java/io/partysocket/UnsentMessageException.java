package io.partysocket;

import java.util.Objects;

/**
 * A message that was not sent and never will be by the socket. The message itself is not part of
 * the exception, so that it cannot reach a log by accident.
 */
public class UnsentMessageException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The reason a message was not sent. */
  public enum Reason {
    /** The queue was at {@code maxEnqueuedMessages} or {@code maxEnqueuedBytes}. */
    QUEUE_FULL,
    /** The message is larger than the transport can send ({@code maxOutboundMessageBytes}). */
    TOO_LARGE,
    /** The message was dropped from the queue to make room for a newer one. */
    DROPPED,
    /** {@link ReconnectingWebSocket#drainQueuedMessages()} took the message out of the queue. */
    DRAINED,
    /** The socket was shut down with {@link ReconnectingWebSocket#shutdown()}. */
    SHUTDOWN
  }

  private final Reason reason;

  /** Creates the exception for {@code reason} with a description. */
  public UnsentMessageException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Returns why the message was not sent. */
  public Reason reason() {
    return reason;
  }
}
