package io.partysocket.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OneShotTimerTest {

  private final ExecutorService pool =
      Executors.newSingleThreadExecutor(task -> new Thread(task, "timer-test-pool"));

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void runsActionOnExecutorAfterDelay() throws InterruptedException {
    AtomicReference<String> threadName = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    long start = System.nanoTime();

    OneShotTimer timer =
        OneShotTimer.start(
            Duration.ofMillis(100),
            pool,
            () -> {
              threadName.set(Thread.currentThread().getName());
              ran.countDown();
            });

    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(threadName.get()).isEqualTo("timer-test-pool");
    assertThat(timer.hasExpired()).isTrue();
  }

  @Test
  void cancelPreventsAction() throws InterruptedException {
    AtomicBoolean cancelledRan = new AtomicBoolean();
    CountDownLatch witness = new CountDownLatch(1);

    OneShotTimer timer =
        OneShotTimer.start(Duration.ofMillis(50), pool, () -> cancelledRan.set(true));
    boolean cancelled = timer.cancel();
    OneShotTimer.start(Duration.ofMillis(300), pool, witness::countDown);

    assertThat(cancelled).isTrue();
    assertThat(witness.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(cancelledRan.get()).isFalse();
    assertThat(timer.hasExpired()).isFalse();
  }

  @Test
  void cancelAfterExpiryReturnsFalse() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    OneShotTimer timer = OneShotTimer.start(Duration.ZERO, pool, ran::countDown);

    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(timer.cancel()).isFalse();
  }

  @Test
  void rejectingExecutorStillRunsAction() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);

    OneShotTimer.start(
        Duration.ofMillis(10),
        task -> {
          throw new RejectedExecutionException("shut down");
        },
        ran::countDown);

    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
  }
}
