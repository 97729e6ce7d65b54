package io.partysocket.tck;

import io.partysocket.ReconnectingWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads that send numbered messages through sockets, each at a fixed rate, and record every send
 * in a {@link DeliveryLedger}. Message sizes vary with a seeded generator.
 *
 * <p>Thread-safe.
 */
final class Producers {

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /**
   * Starts {@code perSocket} producers on each socket.
   *
   * @param messagesPerSecond the rate of each producer; 0 sends as fast as the socket accepts
   * @param minPadding the least filler characters per message
   * @param maxPadding the most filler characters per message
   */
  static Producers start(
      List<? extends ReconnectingWebSocket> sockets,
      int perSocket,
      DeliveryLedger ledger,
      int messagesPerSecond,
      int minPadding,
      int maxPadding,
      long seed) {
    Producers producers = new Producers();
    for (int client = 0; client < sockets.size(); client++) {
      for (int producer = 0; producer < perSocket; producer++) {
        int c = client;
        int p = producer;
        SplittableRandom sizes = new SplittableRandom(seed * 31 + c * 1009L + p);
        Thread thread =
            new Thread(
                () ->
                    producers.produce(
                        sockets.get(c),
                        c,
                        p,
                        ledger,
                        messagesPerSecond,
                        sizes,
                        minPadding,
                        maxPadding),
                "tck-producer-" + c + "-" + p);
        thread.setDaemon(true);
        producers.threads.add(thread);
      }
    }
    producers.threads.forEach(Thread::start);
    return producers;
  }

  private void produce(
      ReconnectingWebSocket socket,
      int client,
      int producer,
      DeliveryLedger ledger,
      int rate,
      SplittableRandom sizes,
      int minPadding,
      int maxPadding) {
    long period = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / rate;
    long next = System.nanoTime();
    for (int seq = 0; seq < ledger.capacity() && running; seq++) {
      int padding = minPadding + sizes.nextInt(maxPadding - minPadding + 1);
      String text = DeliveryLedger.text(client, producer, seq, padding);
      ledger.sent(client, producer, seq, socket.send(text));
      if (period > 0) {
        next += period;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
    }
  }

  /** Returns whether every producer has sent all it may send. */
  boolean finished() {
    return threads.stream().noneMatch(Thread::isAlive);
  }

  /**
   * Stops the producers and waits for them to end.
   *
   * @throws AssertionError if one is still running after {@code timeout}
   */
  void stop(Duration timeout) {
    running = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        thread.join(Math.max(1, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while stopping producers", e);
      }
      if (thread.isAlive()) {
        throw new AssertionError(
            thread.getName() + " did not stop within " + timeout.toMillis() + " ms");
      }
    }
  }
}
