package io.partysocket.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionEventsTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final RecordingListener listener = new RecordingListener();
  private final SendTracker sends = new SendTracker();
  private final ConnectionEvents events = new ConnectionEvents(listener, pool, sends);
  private final CompletableFuture<WebSocketConnection> connectStage = new CompletableFuture<>();
  private final WebSocketConnection connection = new StubConnection();

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void deliversEventsInOrder() throws InterruptedException {
    events.open(connection, connectStage, () -> {});
    events.text("a");
    events.binary(ByteBuffer.allocate(1));
    events.ping(ByteBuffer.allocate(0));
    events.pong(ByteBuffer.allocate(0));
    events.closed(CloseInfo.remoteClose(1000, ""));

    assertThat(listener.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.calls)
        .containsExactly("onOpen", "onText a", "onBinary 1", "onPing", "onPong", "onClosed 1000");
  }

  @Test
  void callsListenerOffReportingThread() throws InterruptedException {
    events.open(connection, connectStage, () -> {});
    events.closed(CloseInfo.abnormal(false, null));

    assertThat(listener.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.threads).doesNotContain(Thread.currentThread());
  }

  @Test
  void completesStageAfterOnOpen() throws Exception {
    CompletableFuture<Boolean> openedBeforeCompletion =
        connectStage.thenApply(connected -> listener.calls.contains("onOpen"));

    events.open(connection, connectStage, () -> {});

    assertThat(connectStage.get(5, TimeUnit.SECONDS)).isSameAs(connection);
    assertThat(openedBeforeCompletion.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void onlyFirstClosedIsDelivered() throws InterruptedException {
    events.open(connection, connectStage, () -> {});

    boolean first = events.closed(CloseInfo.localClose(1000, "bye"));
    boolean second = events.closed(CloseInfo.abnormal(true, null));
    events.run(() -> listener.calls.add("marker"));
    CountDownLatch drained = drain();

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.calls).containsExactly("onOpen", "onClosed 1000");
  }

  @Test
  void nothingAfterOnClosed() throws InterruptedException {
    events.open(connection, connectStage, () -> {});
    events.closed(CloseInfo.abnormal(true, null));

    events.text("late");
    events.pong(ByteBuffer.allocate(0));
    CountDownLatch drained = drain();

    assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.calls).containsExactly("onOpen", "onClosed 1006");
  }

  @Test
  void cancelledConnectSilencesListener() throws InterruptedException {
    CountDownLatch cancelled = new CountDownLatch(1);
    connectStage.cancel(false);

    events.open(connection, connectStage, cancelled::countDown);

    assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(events.closed(CloseInfo.abnormal(false, null))).isFalse();
    CountDownLatch drained = drain();
    assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.calls).isEmpty();
  }

  @Test
  void cancelDuringOnOpenRunsCancelAction() throws InterruptedException {
    listener.onOpenAction = () -> connectStage.cancel(false);

    events.open(connection, connectStage, () -> events.closed(CloseInfo.abnormal(false, null)));

    assertThat(listener.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.calls).containsExactly("onOpen", "onClosed 1006");
  }

  @Test
  void cancelDuringOnOpenReportsEndItself() throws InterruptedException {
    listener.onOpenAction = () -> connectStage.cancel(false);

    // An abort that reports nothing, as the JDK client's does.
    events.open(connection, connectStage, () -> {});

    assertThat(listener.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.calls).containsExactly("onOpen", "onClosed 1006");
  }

  @Test
  void closedWithoutOpenNeverCallsListener() throws InterruptedException {
    events.closed(CloseInfo.abnormal(true, null));
    CountDownLatch drained = drain();

    assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.calls).isEmpty();
  }

  @Test
  void pendingSendsFailBeforeOnClosed() throws InterruptedException {
    SendTracker.Send send = sends.begin(5);
    AtomicBoolean failedBeforeOnClosed = new AtomicBoolean();
    listener.onClosedAction =
        () ->
            failedBeforeOnClosed.set(send.stage().toCompletableFuture().isCompletedExceptionally());
    events.open(connection, connectStage, () -> {});

    events.closed(CloseInfo.abnormal(true, null));

    assertThat(listener.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(failedBeforeOnClosed.get()).isTrue();
  }

  @Test
  void sendsAfterClosedFailAtOnce() {
    events.open(connection, connectStage, () -> {});

    events.closed(CloseInfo.abnormal(true, null));

    assertThat(sends.begin(1).stage().toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void throwingListenerDoesNotStopEvents() throws InterruptedException {
    listener.onOpenAction =
        () -> {
          throw new IllegalStateException("expected by the test");
        };
    events.open(connection, connectStage, () -> {});
    events.text("after");
    events.closed(CloseInfo.remoteClose(1000, ""));

    assertThat(listener.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.calls).containsExactly("onOpen", "onText after", "onClosed 1000");
  }

  /** Returns a latch that opens once every task queued so far has run. */
  private CountDownLatch drain() {
    CountDownLatch drained = new CountDownLatch(1);
    events.enqueueAfterEvents(drained::countDown);
    return drained;
  }

  private static final class RecordingListener implements ConnectionListener {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile Runnable onOpenAction = () -> {};
    volatile Runnable onClosedAction = () -> {};

    @Override
    public void onOpen(WebSocketConnection connection) {
      record("onOpen");
      onOpenAction.run();
    }

    @Override
    public void onText(String text) {
      record("onText " + text);
    }

    @Override
    public void onBinary(ByteBuffer data) {
      record("onBinary " + data.remaining());
    }

    @Override
    public void onPing(ByteBuffer payload) {
      record("onPing");
    }

    @Override
    public void onPong(ByteBuffer payload) {
      record("onPong");
    }

    @Override
    public void onClosed(CloseInfo info) {
      onClosedAction.run();
      record("onClosed " + info.code());
      closed.countDown();
    }

    private void record(String call) {
      threads.add(Thread.currentThread());
      calls.add(call);
    }
  }

  private static final class StubConnection implements WebSocketConnection {
    @Override
    public String subprotocol() {
      return null;
    }

    @Override
    public List<String> extensions() {
      return List.of();
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> ping(ByteBuffer payload) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void abort() {}

    @Override
    public long bufferedAmount() {
      return 0;
    }
  }
}
