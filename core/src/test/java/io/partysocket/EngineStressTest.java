package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Eight threads send numbered messages while the test drops, closes and reopens the connection at
 * seeded random points, on virtual time. Every message must reach the transport's written log
 * exactly once and in each thread's order.
 */
class EngineStressTest extends EngineTestSupport {

  private static final int THREADS = 8;
  private static final int MESSAGES = 10_000;
  private static final long SEED = 20261204L;

  @Test
  void concurrentSendsSurviveDrops() throws Exception {
    transport.holdWrites = true;
    ReconnectingWebSocket socket =
        socket(
            options()
                .minReconnectionDelay(ms(1))
                .maxReconnectionDelay(ms(5))
                .minUptime(Duration.ofHours(1))
                .build());
    CountDownLatch start = new CountDownLatch(1);
    // The driver hands out send permits step by step, so that sends interleave with drops
    // instead of finishing before the first drop on a fast machine.
    Semaphore permits = new Semaphore(0);
    CountDownLatch done = new CountDownLatch(THREADS);
    AtomicReference<Throwable> producerFailure = new AtomicReference<>();
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      Thread producer =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < MESSAGES; i++) {
                    if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                      throw new AssertionError("no send permit within 60 s");
                    }
                    SendResult result = socket.send(thread + ":" + i);
                    if (result.status() == SendResult.Status.REJECTED) {
                      throw new AssertionError("message " + thread + ":" + i + " rejected");
                    }
                  }
                } catch (Throwable e) {
                  producerFailure.compareAndSet(null, e);
                } finally {
                  done.countDown();
                }
              },
              "producer-" + t);
      producers.add(producer);
      producer.start();
    }

    start.countDown();
    int drops = drive(socket, done, permits);

    for (Thread producer : producers) {
      producer.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertThat(producerFailure.get()).isNull();
    assertThat(drops).as("connections ended by the test").isGreaterThan(20);
    assertThat(transport.maxLiveConnections()).isEqualTo(1);
    List<String> written;
    synchronized (transport.written) {
      written = new ArrayList<>(transport.written);
    }
    assertThat(written).hasSize(THREADS * MESSAGES);
    int[] next = new int[THREADS];
    for (String message : written) {
      int colon = message.indexOf(':');
      int thread = Integer.parseInt(message.substring(0, colon));
      int number = Integer.parseInt(message.substring(colon + 1));
      if (number != next[thread]) {
        fail("thread " + thread + " expected message " + next[thread] + " but got " + number);
      }
      next[thread]++;
    }
    for (int t = 0; t < THREADS; t++) {
      assertThat(next[t]).as("messages of thread " + t).isEqualTo(MESSAGES);
    }
  }

  private static String threadDump() {
    StringBuilder dump = new StringBuilder("\nthreads:");
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              if (thread.getName().startsWith("producer") || thread.getName().equals("main")) {
                dump.append("\n").append(thread.getName()).append(' ').append(thread.getState());
                for (int i = 0; i < Math.min(12, stack.length); i++) {
                  dump.append("\n    at ").append(stack[i]);
                }
              }
            });
    return dump.toString();
  }

  private String describe(ReconnectingWebSocket socket) {
    FakeTransport.Attempt last = transport.attempts.isEmpty() ? null : transport.last();
    return "written "
        + transport.written.size()
        + ", readyState "
        + socket.readyState()
        + ", queued "
        + socket.queuedMessageCount()
        + ", attempts "
        + transport.attempts.size()
        + ", last attempt done "
        + (last != null && last.stage.isDone())
        + ", last connection "
        + (last == null || last.connection == null ? "none" : "ended " + last.connection.ended())
        + ", scheduled tasks "
        + scheduler.pendingTasks()
        + ", next task in "
        + scheduler.nextDelayMillis()
        + " ms, engine: "
        + socket.describeState();
  }

  /**
   * Plays the server until every producer finished and every message is written: opens pending
   * attempts, writes a random share of held messages, and ends connections at random. Returns how
   * many connections it ended.
   */
  private int drive(ReconnectingWebSocket socket, CountDownLatch producersDone, Semaphore permits) {
    Random random = new Random(SEED);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
    int ended = 0;
    for (int step = 0; step < 10_000_000; step++) {
      if (System.nanoTime() > deadline) {
        fail("stress run did not finish within 600 s: " + describe(socket) + threadDump());
      }
      boolean producing = producersDone.getCount() > 0;
      if (producing) {
        permits.release(1 + random.nextInt(20));
      }
      if (!producing && transport.written.size() == THREADS * MESSAGES) {
        return ended;
      }
      FakeTransport.Attempt attempt = transport.attempts.isEmpty() ? null : transport.last();
      if (attempt != null && attempt.connection == null && !attempt.stage.isDone()) {
        attempt.open();
        continue;
      }
      FakeTransport.Connection connection = attempt == null ? null : attempt.connection;
      if (connection == null || connection.ended()) {
        if (!scheduler.runNext()) {
          scheduler.advance(ms(1));
        }
        continue;
      }
      int action = random.nextInt(1000);
      if (!producing || action < 900) {
        connection.writePending(random.nextInt(producing ? 60 : 1000));
      } else if (action < 960) {
        connection.drop();
        ended++;
      } else if (action < 990) {
        connection.serverClose(1001, "restart");
        ended++;
      } else {
        socket.reconnect();
        ended++;
      }
    }
    fail("stress run took more than ten million steps");
    return ended;
  }
}
