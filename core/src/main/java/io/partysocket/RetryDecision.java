package io.partysocket;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FailurePolicy} decided after an attempt or a connection ended: retry with the
 * normal backoff, retry no sooner than a floor, or stop. Instances are immutable.
 */
public final class RetryDecision {

  /** The kind of decision. */
  public enum Kind {
    /** Retry after the normal backoff delay. */
    RETRY,
    /** Retry after the normal backoff delay or the floor, whichever is longer. */
    RETRY_NO_SOONER_THAN,
    /** Stop reconnecting; the socket announces it with a {@link GiveUpEvent}. */
    STOP
  }

  private static final RetryDecision RETRY = new RetryDecision(Kind.RETRY, Duration.ZERO, "");

  private final Kind kind;
  private final Duration floor;
  private final String reason;

  private RetryDecision(Kind kind, Duration floor, String reason) {
    this.kind = kind;
    this.floor = floor;
    this.reason = reason;
  }

  /** Returns the decision to retry with the normal backoff. */
  public static RetryDecision retry() {
    return RETRY;
  }

  /**
   * Returns the decision to retry no sooner than {@code floor}.
   *
   * @throws IllegalArgumentException if {@code floor} is negative
   */
  public static RetryDecision retryNoSoonerThan(Duration floor) {
    Objects.requireNonNull(floor, "floor");
    if (floor.isNegative()) {
      throw new IllegalArgumentException("floor must be zero or positive but was " + floor);
    }
    return new RetryDecision(Kind.RETRY_NO_SOONER_THAN, floor, "");
  }

  /** Returns the decision to stop, with a reason for logs and the give-up event. */
  public static RetryDecision stop(String reason) {
    return new RetryDecision(Kind.STOP, Duration.ZERO, Objects.requireNonNull(reason, "reason"));
  }

  /** Returns the kind of decision. */
  public Kind kind() {
    return kind;
  }

  /** Returns the earliest delay of the next attempt, or zero. */
  public Duration floor() {
    return floor;
  }

  /** Returns why the policy stopped, or an empty string. */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case RETRY -> "retry";
      case RETRY_NO_SOONER_THAN -> "retry no sooner than " + floor.toMillis() + " ms";
      case STOP -> "stop: " + reason;
    };
  }
}
