package io.partysocket;

import java.util.Objects;

/**
 * The socket stopped reconnecting by itself. After this event {@link
 * ReconnectingWebSocket#shouldReconnect()} is false and the socket stays closed until {@link
 * ReconnectingWebSocket#reconnect()} is called. Queued messages stay queued.
 *
 * @param reason why it stopped
 * @param attempts the attempts made since the counter was last reset
 * @param lastClose the close event of the last attempt, or {@code null} when there was none
 */
public record GiveUpEvent(Reason reason, int attempts, CloseEvent lastClose)
    implements WebSocketEvent {

  /** Why the socket stopped reconnecting. */
  public enum Reason {
    /** {@code maxRetries} attempts were made without a connection lasting {@code minUptime}. */
    MAX_RETRIES_EXHAUSTED,
    /** {@code shouldReconnectOnClose} returned false for the last close. */
    SHOULD_RECONNECT_ON_CLOSE,
    /** The {@link FailurePolicy} decided to stop after the last close. */
    FAILURE_POLICY
  }

  /** Checks the reason; see the record description. */
  public GiveUpEvent {
    Objects.requireNonNull(reason, "reason");
  }
}
