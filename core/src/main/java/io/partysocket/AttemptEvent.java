package io.partysocket;

import java.time.Duration;
import java.util.Objects;

/**
 * A connection attempt was scheduled.
 *
 * @param retryCount the attempt's number since the last reset, from 0
 * @param delay how long the socket waits before the attempt starts
 * @param previous the close event of the attempt or connection before, or {@code null} for the
 *     first attempt and the first after {@link ReconnectingWebSocket#reconnect()}
 */
public record AttemptEvent(int retryCount, Duration delay, CloseEvent previous)
    implements WebSocketEvent {

  /** Checks the delay; see the record description. */
  public AttemptEvent {
    Objects.requireNonNull(delay, "delay");
  }
}
