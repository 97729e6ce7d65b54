package io.partysocket.benchmarks.transport;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, by polling: for setup and checks, never timed. */
final class Waits {

  /** The deadline of {@link #until(BooleanSupplier, String)}. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final long POLL_NANOS = 1_000_000;

  private Waits() {}

  /**
   * Waits up to 30 seconds until {@code condition} holds.
   *
   * @throws IllegalStateException if it does not hold in time
   */
  static void until(BooleanSupplier condition, String description) {
    until(condition, description, DEFAULT_TIMEOUT);
  }

  /**
   * Waits up to {@code timeout} until {@code condition} holds, checking it every millisecond.
   *
   * @throws IllegalStateException if it does not hold in time, or the thread is interrupted
   */
  static void until(BooleanSupplier condition, String description, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "timed out after " + timeout.toMillis() + " ms waiting for " + description);
      }
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + description);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /**
   * Waits up to {@code timeout} for {@code latch} to reach zero.
   *
   * @throws IllegalStateException if it does not reach zero in time
   */
  static void await(CountDownLatch latch, String description, Duration timeout)
      throws InterruptedException {
    if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "timed out after " + timeout.toMillis() + " ms waiting for " + description);
    }
  }
}
