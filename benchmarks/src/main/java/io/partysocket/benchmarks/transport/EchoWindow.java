package io.partysocket.benchmarks.transport;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The flow control of the throughput benchmark: at most {@code size} messages sent and not yet
 * echoed. The sending thread takes a place before each send and the receiving callback frees one
 * per echo, so the sender never runs ahead of the server and the transport's buffers stay small.
 *
 * <p>Thread-safe.
 */
final class EchoWindow {

  private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(10);

  private final int size;
  private final Semaphore places;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong echoed = new AtomicLong();

  EchoWindow(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1 but was " + size);
    }
    this.size = size;
    this.places = new Semaphore(size);
  }

  /**
   * Waits for a free place and counts a message as sent.
   *
   * @throws IllegalStateException if no echo freed a place within 10 seconds
   */
  void beforeSend() throws InterruptedException {
    if (!places.tryAcquire(ECHO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "no echo arrived within "
              + ECHO_TIMEOUT.toSeconds()
              + " s with "
              + size
              + " messages in flight; "
              + echoed.get()
              + " of "
              + sent.get()
              + " echoed");
    }
    sent.incrementAndGet();
  }

  /** Counts an echo and frees its place; called by the transport's or the socket's listener. */
  void echoArrived() {
    echoed.incrementAndGet();
    places.release();
  }

  /**
   * Waits until every message sent so far was echoed.
   *
   * @throws IllegalStateException if some were not echoed within 10 seconds
   */
  void awaitAllEchoed() throws InterruptedException {
    if (!places.tryAcquire(size, ECHO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "only " + echoed.get() + " of " + sent.get() + " messages were echoed within 10 s");
    }
    places.release(size);
    if (echoed.get() != sent.get()) {
      throw new IllegalStateException(
          echoed.get() + " echoes arrived for " + sent.get() + " messages sent");
    }
  }

  /** Returns the messages sent so far. */
  long sent() {
    return sent.get();
  }
}
