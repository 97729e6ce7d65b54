package io.partysocket.examples;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline of 10 seconds, checking every 10 ms. */
final class Await {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Await() {}

  /**
   * Returns once {@code condition} holds.
   *
   * @throws AssertionError naming {@code description} if it does not hold in time
   */
  static void until(String description, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + TIMEOUT.toMillis() + " ms waiting for " + description);
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
