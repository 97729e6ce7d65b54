package io.partysocket.spi.support;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action once after a delay unless cancelled first, such as aborting a connection whose
 * peer did not reply to a close frame within the close timeout.
 *
 * <p>The delay is measured by the timer thread behind {@link CompletableFuture#completeOnTimeout}
 * (in Java 17 one daemon thread per JVM, named {@code CompletableFutureDelayScheduler}), so a
 * transport needs no scheduler of its own. When the delay ends, the action is handed to the given
 * executor and never runs on the timer thread, except when that executor rejects it; then it runs
 * on the timer thread so that the timeout still takes effect. A cancelled timer is removed from the
 * timer queue.
 *
 * <p>Thread-safe. Arguments must not be {@code null}.
 */
public final class OneShotTimer {

  private static final System.Logger LOG = System.getLogger(OneShotTimer.class.getName());

  /**
   * Completed with {@code true} by the timer thread when the delay ends, {@code false} on cancel.
   */
  private final CompletableFuture<Boolean> outcome = new CompletableFuture<>();

  private OneShotTimer() {}

  /**
   * Starts a timer that runs {@code action} on {@code executor} after {@code delay}.
   *
   * @param delay how long to wait; zero or negative runs the action as soon as possible
   * @param executor the executor that runs the action
   * @param action what to do when the delay ends
   * @return the timer, for {@link #cancel()}
   */
  public static OneShotTimer start(Duration delay, Executor executor, Runnable action) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(action, "action");
    OneShotTimer timer = new OneShotTimer();
    timer.outcome.whenComplete(
        (expired, failure) -> {
          if (Boolean.TRUE.equals(expired)) {
            runOn(executor, action);
          }
        });
    timer.outcome.completeOnTimeout(Boolean.TRUE, saturatedNanos(delay), TimeUnit.NANOSECONDS);
    return timer;
  }

  /**
   * Stops the timer if its delay has not ended.
   *
   * @return whether this call prevented the action; {@code false} if it already ran or was handed
   *     to the executor, or the timer was cancelled before
   */
  public boolean cancel() {
    return outcome.complete(Boolean.FALSE);
  }

  /** Returns whether the delay ended and the action was handed to the executor. */
  public boolean hasExpired() {
    return Boolean.TRUE.equals(outcome.getNow(Boolean.FALSE));
  }

  private static void runOn(Executor executor, Runnable action) {
    try {
      executor.execute(action);
    } catch (RejectedExecutionException e) {
      LOG.log(Level.DEBUG, "Executor rejected a timer action; running it on the timer thread", e);
      action.run();
    }
  }

  private static long saturatedNanos(Duration delay) {
    if (delay.isNegative()) {
      return 0;
    }
    try {
      return delay.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
