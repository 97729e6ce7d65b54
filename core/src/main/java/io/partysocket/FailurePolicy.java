package io.partysocket;

import io.partysocket.spi.ConnectFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Set;

/**
 * Decides, after each attempt or connection that ended without {@link
 * ReconnectingWebSocket#close()}, whether the socket retries, retries no sooner than a floor, or
 * stops. It sees the {@link CloseEvent} that the socket delivers for that end; for a failed
 * attempt, {@link CloseEvent#cause()} is the failure, such as a {@link ConnectFailedException} with
 * the HTTP status and headers of a rejected handshake.
 *
 * <p>{@code shouldReconnectOnClose} still applies: when it returns false the socket stops whatever
 * the policy says. The policy runs inside the socket's state transition: keep it fast and do not
 * call the socket from it. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface FailurePolicy {

  /** The longest {@code Retry-After} that {@link #standard()} honours: 5 minutes. */
  Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofMinutes(5);

  /** Handshake statuses after which {@link #standard()} stops: the request will not succeed. */
  Set<Integer> STOP_STATUSES = Set.of(400, 401, 403, 404, 405, 410);

  /** Handshake statuses after which {@link #standard()} honours {@code Retry-After}. */
  Set<Integer> RETRY_AFTER_STATUSES = Set.of(429, 503);

  /** Returns the decision for the end described by {@code close}. */
  RetryDecision decide(CloseEvent close);

  /** Returns the original's behaviour: always retry with the normal backoff. */
  static FailurePolicy alwaysRetry() {
    return close -> RetryDecision.retry();
  }

  /**
   * Returns the default policy:
   *
   * <ul>
   *   <li>a handshake rejected with 400, 401, 403, 404, 405 or 410 stops, because retrying the same
   *       request cannot succeed without a change;
   *   <li>a connection closed by the server with 1008 (policy violation) stops;
   *   <li>a handshake rejected with 429 or 503 retries no sooner than its {@code Retry-After}
   *       header, given in seconds or as an HTTP date, capped at {@link #DEFAULT_MAX_RETRY_AFTER};
   *   <li>everything else retries with the normal backoff.
   * </ul>
   */
  static FailurePolicy standard() {
    return standard(Clock.systemUTC(), DEFAULT_MAX_RETRY_AFTER);
  }

  /**
   * Returns {@link #standard()} with another clock for HTTP dates in {@code Retry-After} and
   * another cap.
   *
   * @throws IllegalArgumentException if {@code maxRetryAfter} is negative
   */
  static FailurePolicy standard(Clock clock, Duration maxRetryAfter) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException(
          "maxRetryAfter must be zero or positive but was " + maxRetryAfter);
    }
    return close -> {
      if (close.cause() instanceof ConnectFailedException failure
          && failure.kind() == ConnectFailedException.Kind.HTTP_STATUS) {
        int status = failure.httpStatus();
        if (STOP_STATUSES.contains(status)) {
          return RetryDecision.stop("handshake rejected with HTTP " + status);
        }
        if (RETRY_AFTER_STATUSES.contains(status)) {
          Duration floor = retryAfter(failure.responseHeader("Retry-After"), clock.instant());
          if (floor != null) {
            return RetryDecision.retryNoSoonerThan(
                floor.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : floor);
          }
        }
        return RetryDecision.retry();
      }
      if (close.code() == 1008 && close.cause() == null) {
        return RetryDecision.stop("server closed the connection with 1008 (policy violation)");
      }
      return RetryDecision.retry();
    };
  }

  /**
   * Parses a {@code Retry-After} value: whole seconds, or an HTTP date such as {@code Wed, 21 Oct
   * 2015 07:28:00 GMT}. Returns {@code null} when the value is absent or neither form; a date in
   * the past gives zero.
   */
  static Duration retryAfter(String value, Instant now) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    if (!trimmed.isEmpty() && trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Duration.ofSeconds(Long.parseLong(trimmed));
      } catch (NumberFormatException tooLarge) {
        return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);
      }
    }
    try {
      Instant date = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(now, date);
      return delay.isNegative() ? Duration.ZERO : delay;
    } catch (DateTimeParseException notADate) {
      return null;
    }
  }
}
