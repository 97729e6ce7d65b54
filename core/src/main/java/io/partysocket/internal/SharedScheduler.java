package io.partysocket.internal;

import io.partysocket.Scheduler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM-wide default {@link Scheduler}: two daemon threads shared by every socket, so that no
 * socket owns a thread. Cancelled tasks leave the queue at once.
 */
public final class SharedScheduler implements Scheduler {

  /** The one instance. */
  public static final SharedScheduler INSTANCE = new SharedScheduler();

  private static final int THREADS = 2;

  private final ScheduledThreadPoolExecutor executor;

  private SharedScheduler() {
    AtomicInteger counter = new AtomicInteger();
    executor =
        new ScheduledThreadPoolExecutor(
            THREADS,
            task -> {
              Thread thread =
                  new Thread(task, "partysocket-scheduler-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    ScheduledFuture<?> future =
        executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }
}
