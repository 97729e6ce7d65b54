package io.partysocket.transport.jetty.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates the pool that runs a factory's listener calls and close timers. Stateless. */
public final class EventThreads {

  /** How long an idle pool thread lives, in seconds. */
  private static final long KEEP_ALIVE_SECONDS = 30;

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private EventThreads() {}

  /**
   * Returns a cached pool of daemon threads named {@code partysocket-jetty-events-P-N}: it grows
   * with the work, and idle threads end after 30 seconds. Unlike Jetty's thread pool, it runs the
   * tasks already queued when it shuts down, so that every {@code onClosed} is delivered.
   */
  public static ExecutorService newPool() {
    int pool = POOL_NUMBER.incrementAndGet();
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadFactory threads =
        task -> {
          String name = "partysocket-jetty-events-" + pool + "-" + threadNumber.incrementAndGet();
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          return thread;
        };
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        KEEP_ALIVE_SECONDS,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        threads);
  }
}
