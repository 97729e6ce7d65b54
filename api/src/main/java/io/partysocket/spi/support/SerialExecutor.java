package io.partysocket.spi.support;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in the order they were submitted, on threads of a delegate executor.
 * Transports give each connection one instance, so that its listener calls never overlap, keep wire
 * order and never run on the stack of the thread that submitted them.
 *
 * <p>A task that throws is logged at {@code WARNING} and does not stop the tasks after it. At most
 * {@value #BATCH} tasks run per delegate task before the rest are resubmitted, so one busy
 * connection does not hold a thread of a shared pool indefinitely.
 *
 * <p>When the delegate rejects a task (for example because it was shut down), the pending tasks run
 * on a new daemon thread instead, so that a final {@code onClosed} is still delivered.
 *
 * <p>Thread-safe. Tasks must not be {@code null}.
 */
public final class SerialExecutor implements Executor {

  private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

  /** The largest number of tasks run in one delegate task. */
  static final int BATCH = 64;

  private final Executor delegate;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

  /**
   * Counts submitted tasks that no drain has taken yet; the thread that raises it from zero
   * schedules the drain.
   */
  private final AtomicInteger pending = new AtomicInteger();

  /**
   * Creates an executor that runs its tasks on {@code delegate}.
   *
   * @param delegate the executor whose threads run the tasks; it may run tasks concurrently
   */
  public SerialExecutor(Executor delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Queues {@code task} to run after every task submitted before it. It runs on a thread of the
   * delegate, so never on the calling thread unless the delegate itself runs tasks in place.
   */
  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    tasks.add(task);
    if (pending.getAndIncrement() == 0) {
      schedule();
    }
  }

  private void schedule() {
    try {
      delegate.execute(this::drain);
    } catch (RejectedExecutionException e) {
      LOG.log(
          Level.DEBUG, "Executor rejected a serial task; running the queue on a daemon thread", e);
      Thread thread = new Thread(this::drain, "partysocket-serial-fallback");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void drain() {
    int ran = 0;
    while (true) {
      Runnable task = tasks.poll();
      if (task != null) {
        runSafely(task);
      }
      if (pending.decrementAndGet() == 0) {
        return;
      }
      ran++;
      if (ran >= BATCH) {
        // The count stays above zero, so no other thread schedules a drain meanwhile.
        schedule();
        return;
      }
    }
  }

  private static void runSafely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "A serial task threw; continuing with the next task", e);
    }
  }
}
