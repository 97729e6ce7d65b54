package io.partysocket.transport.tyrus.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates the thread pool a factory owns for listener calls and timer actions. Stateless. */
public final class TyrusExecutors {

  /** How long an idle pool thread lives, in seconds. */
  private static final long KEEP_ALIVE_SECONDS = 30;

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private TyrusExecutors() {}

  /**
   * Returns a cached pool of daemon threads named {@code partysocket-tyrus-P-N}. It grows with the
   * number of connections delivering events at the same moment, and idle threads end after 30
   * seconds.
   */
  public static ExecutorService newDaemonPool() {
    int pool = POOL_NUMBER.incrementAndGet();
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadFactory threads =
        task -> {
          Thread thread =
              new Thread(task, "partysocket-tyrus-" + pool + "-" + threadNumber.incrementAndGet());
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
