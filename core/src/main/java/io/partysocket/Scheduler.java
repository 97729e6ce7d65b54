package io.partysocket;

/**
 * The clock and timer of a socket. All timing in the engine (reconnect delays, connection timeout,
 * the {@code minUptime} reset, heartbeats) goes through this interface, so tests can run the engine
 * on virtual time and applications can supply their own timer threads.
 *
 * <p>Tasks run on the scheduler's threads. They are short: they take the socket's lock briefly and
 * may call listeners. Implementations must be thread-safe.
 */
public interface Scheduler {

  /**
   * Returns the current value of a monotonic clock in nanoseconds, like {@link System#nanoTime()}.
   */
  long nanoTime();

  /**
   * Runs {@code task} once after {@code delayNanos} nanoseconds. A delay of zero still runs the
   * task later, never on the caller's stack.
   *
   * @return a handle that cancels the task if it has not started
   */
  Cancellable schedule(Runnable task, long delayNanos);

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Prevents the task from running if it has not started; has no effect afterwards. */
    void cancel();
  }

  /**
   * Returns the scheduler used when none is set: one JVM-wide pool of two daemon threads named
   * {@code partysocket-scheduler-N}, shared by every socket.
   */
  static Scheduler shared() {
    return io.partysocket.internal.SharedScheduler.INSTANCE;
  }
}
