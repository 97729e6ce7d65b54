package io.partysocket.benchmarks.fake;

import io.partysocket.Scheduler;
import java.util.ArrayDeque;

/**
 * A {@link Scheduler} whose clock stays at zero and whose tasks run only inside {@link #runDue()},
 * on the calling thread. Tasks scheduled with a positive delay never run, so the engine's
 * connection timeout, {@code minUptime} reset and heartbeat stay silent during a benchmark, and no
 * background thread competes with the measured one.
 *
 * <p>Thread-safe: the due tasks are guarded by {@code this}.
 */
public final class ManualScheduler implements Scheduler {

  /** The cap on tasks one {@link #runDue()} call runs, in case tasks keep scheduling tasks. */
  private static final int MAX_TASKS_PER_RUN = 10_000;

  private static final Cancellable NEVER_RUNS = () -> {};

  private final ArrayDeque<Task> due = new ArrayDeque<>();

  @Override
  public long nanoTime() {
    return 0;
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    if (delayNanos > 0) {
      return NEVER_RUNS;
    }
    Task entry = new Task(task);
    synchronized (this) {
      due.addLast(entry);
    }
    return entry;
  }

  /**
   * Runs the tasks due now, including those they schedule without delay, in the order they were
   * scheduled, and returns how many ran.
   *
   * @throws IllegalStateException if more than 10,000 tasks ran, which means tasks keep scheduling
   *     each other
   */
  public int runDue() {
    int ran = 0;
    Task task;
    while ((task = poll()) != null) {
      if (task.cancelled) {
        continue;
      }
      if (++ran > MAX_TASKS_PER_RUN) {
        throw new IllegalStateException(
            "more than " + MAX_TASKS_PER_RUN + " due tasks in one run; tasks keep rescheduling");
      }
      task.action.run();
    }
    return ran;
  }

  private synchronized Task poll() {
    return due.pollFirst();
  }

  private static final class Task implements Cancellable {
    final Runnable action;
    volatile boolean cancelled;

    Task(Runnable action) {
      this.action = action;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }
}
