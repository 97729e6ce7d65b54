package io.partysocket.transport.netty;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every listener call and the contract breaches the tests look for: overlapping calls,
 * calls after {@code onClosed}, and calls on the stack of a call into the connection (made through
 * {@link #callInto}).
 */
final class RecordingListener implements ConnectionListener {

  private static final ThreadLocal<Boolean> CALLING_CONNECTION =
      ThreadLocal.withInitial(() -> false);

  final CompletableFuture<WebSocketConnection> opened = new CompletableFuture<>();
  final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();
  final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final BlockingQueue<ByteBuffer> binaries = new LinkedBlockingQueue<>();
  final BlockingQueue<ByteBuffer> pings = new LinkedBlockingQueue<>();
  final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
  final List<String> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger overlapping = new AtomicInteger();
  final AtomicInteger afterClosed = new AtomicInteger();
  final AtomicInteger reentrant = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();

  /** Runs {@code call} marked as a call into the connection, to detect re-entrant callbacks. */
  static void callInto(Runnable call) {
    CALLING_CONNECTION.set(true);
    try {
      call.run();
    } finally {
      CALLING_CONNECTION.set(false);
    }
  }

  @Override
  public void onOpen(WebSocketConnection connection) {
    enter("onOpen");
    opened.complete(connection);
    exit();
  }

  @Override
  public void onText(String text) {
    enter("onText");
    texts.add(text);
    exit();
  }

  @Override
  public void onBinary(ByteBuffer data) {
    enter("onBinary");
    binaries.add(data);
    exit();
  }

  @Override
  public void onPing(ByteBuffer payload) {
    enter("onPing");
    pings.add(payload);
    exit();
  }

  @Override
  public void onPong(ByteBuffer payload) {
    enter("onPong");
    pongs.add(payload);
    exit();
  }

  @Override
  public void onClosed(CloseInfo info) {
    enter("onClosed");
    closed.complete(info);
    exit();
  }

  /** Returns the close info, waiting up to {@code seconds}. */
  CloseInfo awaitClosed(long seconds) throws Exception {
    return closed.get(seconds, TimeUnit.SECONDS);
  }

  /** Returns the number of calls of {@code method} so far. */
  long count(String method) {
    return calls.stream().filter(method::equals).count();
  }

  private void enter(String method) {
    if (closed.isDone()) {
      afterClosed.incrementAndGet();
    }
    if (CALLING_CONNECTION.get()) {
      reentrant.incrementAndGet();
    }
    if (active.incrementAndGet() > 1) {
      overlapping.incrementAndGet();
    }
    calls.add(method);
  }

  private void exit() {
    active.decrementAndGet();
  }
}
