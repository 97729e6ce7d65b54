package io.partysocket.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compares the live threads of the JVM before and after a run, to find threads a socket left
 * behind. Threads that are shared on purpose are left out of the comparison:
 *
 * <ul>
 *   <li>{@code partysocket-scheduler-N}, the core's one timer pool per JVM;
 *   <li>{@code ForkJoinPool.commonPool-worker-N}, the JVM's common pool, which runs the tests' own
 *       asynchronous providers;
 *   <li>{@code CompletableFutureDelayScheduler}, the JVM's one timer thread behind {@code
 *       CompletableFuture.completeOnTimeout} and {@code delayedExecutor}, which the SPI's {@code
 *       OneShotTimer} uses;
 *   <li>{@code tck-...}, the threads of the TCK's servers, proxies and producers;
 *   <li>the threads of the transport's documented pools, as the subclass of {@link ReconnectingTck}
 *       declares them.
 * </ul>
 *
 * <p>Immutable.
 */
final class ThreadCensus {

  private final Set<Thread> baseline;
  private final Predicate<Thread> shared;

  private ThreadCensus(Set<Thread> baseline, Predicate<Thread> shared) {
    this.baseline = baseline;
    this.shared = shared;
  }

  /** Takes the baseline now; {@code transportPool} names the transport's shared pool threads. */
  static ThreadCensus take(Predicate<Thread> transportPool) {
    Predicate<Thread> shared = ThreadCensus::jvmShared;
    return new ThreadCensus(liveThreads(), shared.or(transportPool));
  }

  private static boolean jvmShared(Thread thread) {
    String name = thread.getName();
    return name.startsWith("partysocket-scheduler-")
        || name.startsWith("ForkJoinPool.commonPool-worker-")
        || name.equals("CompletableFutureDelayScheduler")
        || name.startsWith("tck-");
  }

  /** Returns the threads alive now that were not alive at the baseline and are not shared. */
  List<Thread> added() {
    List<Thread> added = new ArrayList<>();
    for (Thread thread : liveThreads()) {
      if (!baseline.contains(thread) && !shared.test(thread)) {
        added.add(thread);
      }
    }
    return added;
  }

  /** Returns the number of live threads that {@code pool} matches. */
  static int count(Predicate<Thread> pool) {
    int count = 0;
    for (Thread thread : liveThreads()) {
      if (pool.test(thread)) {
        count++;
      }
    }
    return count;
  }

  /**
   * Waits until every thread added since the baseline has ended.
   *
   * @throws AssertionError naming the threads still alive after {@code timeout}
   */
  void awaitNoneAdded(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Thread> added = added();
    while (!added.isEmpty()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            added.size()
                + " thread(s) left behind after "
                + timeout.toMillis()
                + " ms: "
                + added.stream().map(Thread::getName).toList());
      }
      Waits.pause(Duration.ofMillis(20));
      added = added();
    }
  }

  private static Set<Thread> liveThreads() {
    Set<Thread> threads = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive()) {
        threads.add(thread);
      }
    }
    return threads;
  }
}
