package io.partysocket.tck;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Deadline-bounded waits and pacing for the full-stack cases. Stateless. */
final class Waits {

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private Waits() {}

  /**
   * Waits until {@code condition} holds, checking every 10 ms.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code timeout}
   */
  static void until(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + " did not happen within " + timeout.toMillis() + " ms");
      }
      pauseNanos(POLL_NANOS);
    }
  }

  /** Returns whether {@code condition} is true at some check within {@code window}. */
  static boolean holdsWithin(BooleanSupplier condition, Duration window) {
    long deadline = System.nanoTime() + window.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      pauseNanos(POLL_NANOS);
    }
    return true;
  }

  /**
   * Parks the calling thread for about {@code duration}: for pacing producers and fault drivers and
   * between polls, never to wait for something to happen.
   */
  static void pause(Duration duration) {
    pauseNanos(duration.toNanos());
  }

  private static void pauseNanos(long nanos) {
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) {
        throw new AssertionError("interrupted while paused");
      }
    }
  }
}
