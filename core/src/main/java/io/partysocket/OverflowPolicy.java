package io.partysocket;

/**
 * What {@link ReconnectingWebSocket#send(String) send} does when the queue is at {@code
 * maxEnqueuedMessages} or {@code maxEnqueuedBytes} while the socket is not open. Either way the
 * message that is not sent is reported: its {@link SendResult#written()} stage fails with an {@link
 * UnsentMessageException}.
 */
public enum OverflowPolicy {
  /**
   * Reject the new message: {@code send} returns {@link SendResult.Status#REJECTED}. The default.
   */
  REJECT_NEW,
  /** Drop the oldest queued messages until the new one fits; the new one is queued. */
  DROP_OLDEST
}
