package io.partysocket.benchmarks.transport;

import io.partysocket.tck.server.ScriptedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Records when connections arrive at a {@link ScriptedServer}: a daemon thread reads its accepted
 * count every 0.2 ms and stores the time of each increase. An arrival is therefore stamped up to
 * 0.2 ms late, plus however long the thread waited for a core, against bins of 100 ms.
 *
 * <p>Thread-safe: the samples are guarded by {@code this}.
 */
final class ArrivalSampler implements AutoCloseable {

  private static final long PERIOD_NANOS = 200_000;
  private static final long MAX_RUN_NANOS = TimeUnit.MINUTES.toNanos(10);

  /** One increase of the accepted count: when it was seen and by how much. */
  record Arrivals(long nanoTime, int count) {}

  private final ScriptedServer server;
  private final Thread thread;

  // Guarded by this.
  private final List<Arrivals> samples = new ArrayList<>();

  private volatile boolean running = true;

  ArrivalSampler(ScriptedServer server) {
    this.server = server;
    // Read on the caller's thread: the sampling thread can start late and miss early arrivals.
    int acceptedBefore = server.acceptedCount();
    this.thread = new Thread(() -> run(acceptedBefore), "bench-arrival-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void run(int acceptedBefore) {
    long start = System.nanoTime();
    int last = acceptedBefore;
    while (running && System.nanoTime() - start < MAX_RUN_NANOS) {
      last = sample(last);
      LockSupport.parkNanos(PERIOD_NANOS);
    }
    sample(last);
  }

  private int sample(int last) {
    int now = server.acceptedCount();
    if (now != last) {
      synchronized (this) {
        samples.add(new Arrivals(System.nanoTime(), now - last));
      }
    }
    return now;
  }

  /** Returns the arrivals recorded so far, oldest first. */
  synchronized List<Arrivals> arrivals() {
    return List.copyOf(samples);
  }

  /** Stops the sampling thread after a last reading, and waits for it. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(TimeUnit.SECONDS.toMillis(5));
  }
}
