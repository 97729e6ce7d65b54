package io.partysocket.internal;

/** The reconnect delay of the original PartySocket, as a pure function. */
public final class Backoff {

  private Backoff() {}

  /**
   * Returns the delay in milliseconds before attempt {@code retryCount}: 0 for the first attempt
   * and the first after {@code reconnect()} ({@code retryCount} 0 or less), otherwise {@code
   * min(max, min * factor^(retryCount - 1))}. The result keeps its fraction, as the original does.
   *
   * @param retryCount the attempt number after it was incremented for this attempt
   * @param minMillis the delay of the first retry
   * @param maxMillis the cap
   * @param growFactor at least 1
   */
  public static double delayMillis(
      int retryCount, double minMillis, double maxMillis, double growFactor) {
    if (retryCount <= 0) {
      return 0;
    }
    double delay = minMillis * Math.pow(growFactor, retryCount - 1);
    return Math.min(maxMillis, delay);
  }

  /** Converts a delay in milliseconds with a fraction to the nearest whole nanosecond. */
  public static long toNanos(double millis) {
    if (millis >= Long.MAX_VALUE / 1_000_000.0) {
      return Long.MAX_VALUE;
    }
    return Math.round(millis * 1_000_000.0);
  }
}
