package io.partysocket.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendTrackerTest {

  private final SendTracker tracker = new SendTracker();

  @Test
  void countsBytesUntilWritten() {
    SendTracker.Send first = tracker.begin(10);
    tracker.begin(5);

    assertThat(tracker.bufferedAmount()).isEqualTo(15);
    first.succeed();
    assertThat(tracker.bufferedAmount()).isEqualTo(5);
  }

  @Test
  void succeedCompletesStageNormally() {
    SendTracker.Send send = tracker.begin(3);

    assertThat(send.succeed()).isTrue();
    assertThat(send.stage().toCompletableFuture()).isCompleted();
  }

  @Test
  void failReleasesBytesAndFailsStage() {
    SendTracker.Send send = tracker.begin(3);

    assertThat(send.fail(new IOException("broken pipe"))).isTrue();
    assertThat(tracker.bufferedAmount()).isZero();
    assertThat(send.stage().toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void failAllFailsEveryPendingSend() {
    SendTracker.Send first = tracker.begin(1);
    SendTracker.Send second = tracker.begin(2);

    tracker.failAll(new IOException("closed"));

    assertThat(first.stage().toCompletableFuture()).isCompletedExceptionally();
    assertThat(second.stage().toCompletableFuture()).isCompletedExceptionally();
    assertThat(tracker.bufferedAmount()).isZero();
    assertThat(tracker.pendingCount()).isZero();
  }

  @Test
  void succeedAfterFailAllHasNoEffect() {
    SendTracker.Send send = tracker.begin(4);
    tracker.failAll(new IOException("closed"));

    assertThat(send.succeed()).isFalse();
    assertThat(send.stage().toCompletableFuture()).isCompletedExceptionally();
    assertThat(tracker.bufferedAmount()).isZero();
  }

  @Test
  void beginAfterCloseFailsAtOnce() {
    tracker.close();

    SendTracker.Send send = tracker.begin(7);

    assertThat(send.stage().toCompletableFuture()).isCompletedExceptionally();
    assertThat(tracker.bufferedAmount()).isZero();
  }

  @Test
  void closeLeavesPendingSendsAlone() {
    SendTracker.Send send = tracker.begin(7);

    tracker.close();

    assertThat(send.isDone()).isFalse();
    assertThat(tracker.isClosed()).isTrue();
  }

  @Test
  void callerCannotCompleteStage() {
    SendTracker.Send send = tracker.begin(2);

    send.stage().toCompletableFuture().complete(null);

    assertThat(send.isDone()).isFalse();
    assertThat(tracker.bufferedAmount()).isEqualTo(2);
  }

  @Test
  void bytesReleasedBeforeStageCompletes() {
    SendTracker.Send send = tracker.begin(9);
    AtomicLong seenByDependent = new AtomicLong(-1);
    send.stage().thenRun(() -> seenByDependent.set(tracker.bufferedAmount()));

    send.succeed();

    assertThat(seenByDependent.get()).isZero();
  }

  @Test
  void negativeBytesRejected() {
    assertThatThrownBy(() -> tracker.begin(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
