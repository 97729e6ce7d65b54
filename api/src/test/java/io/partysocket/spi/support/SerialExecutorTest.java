package io.partysocket.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void runsTasksInSubmissionOrder() throws InterruptedException {
    SerialExecutor serial = new SerialExecutor(pool);
    List<Integer> order = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);

    for (int i = 0; i < 1000; i++) {
      int index = i;
      serial.execute(() -> order.add(index));
    }
    serial.execute(done::countDown);

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(order).isEqualTo(IntStream.range(0, 1000).boxed().collect(Collectors.toList()));
  }

  @Test
  void tasksNeverOverlap() throws InterruptedException {
    SerialExecutor serial = new SerialExecutor(pool);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(4 * 500);

    for (int t = 0; t < 4; t++) {
      pool.execute(
          () -> {
            for (int i = 0; i < 500; i++) {
              serial.execute(
                  () -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    running.decrementAndGet();
                    done.countDown();
                  });
            }
          });
    }

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(maxRunning.get()).isEqualTo(1);
  }

  @Test
  void runsOffTheCallingThread() throws InterruptedException {
    SerialExecutor serial = new SerialExecutor(pool);
    AtomicReference<Thread> runner = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);

    serial.execute(
        () -> {
          runner.set(Thread.currentThread());
          done.countDown();
        });

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(runner.get()).isNotSameAs(Thread.currentThread());
  }

  @Test
  void throwingTaskDoesNotStopLaterTasks() throws InterruptedException {
    SerialExecutor serial = new SerialExecutor(pool);
    CountDownLatch done = new CountDownLatch(1);

    serial.execute(
        () -> {
          throw new IllegalStateException("expected by the test");
        });
    serial.execute(done::countDown);

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void longQueueIsSplitIntoBatches() throws InterruptedException {
    AtomicInteger delegateTasks = new AtomicInteger();
    SerialExecutor serial =
        new SerialExecutor(
            task -> {
              delegateTasks.incrementAndGet();
              pool.execute(task);
            });
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);

    serial.execute(() -> awaitQuietly(gate));
    for (int i = 0; i < SerialExecutor.BATCH * 3; i++) {
      serial.execute(() -> {});
    }
    serial.execute(done::countDown);
    gate.countDown();

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(delegateTasks.get()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void rejectedDelegateFallsBackToDaemonThread() throws InterruptedException {
    SerialExecutor serial =
        new SerialExecutor(
            task -> {
              throw new RejectedExecutionException("shut down");
            });
    AtomicReference<Thread> runner = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);

    serial.execute(
        () -> {
          runner.set(Thread.currentThread());
          done.countDown();
        });

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(runner.get().isDaemon()).isTrue();
  }

  @Test
  void nullTaskRejected() {
    SerialExecutor serial = new SerialExecutor(pool);

    assertThatThrownBy(() -> serial.execute(null)).isInstanceOf(NullPointerException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
