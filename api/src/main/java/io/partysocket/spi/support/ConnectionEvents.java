package io.partysocket.spi.support;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers the events of one connection to its {@link ConnectionListener} the way the SPI requires:
 * one at a time and in the order the transport reported them, on a {@link SerialExecutor} (never on
 * the reporting thread's stack), with exactly one {@code onClosed} and nothing after it.
 *
 * <p>The transport reports {@link #open} first, then messages, pings and pongs, and finally {@link
 * #closed}. The first {@code closed} call wins; later ones return {@code false} and change nothing,
 * so a transport that learns about the end from several places (an error and a close callback, an
 * abort and a timer) can report each without deduplicating. Events reported after {@code closed}
 * are dropped, and so are events that would reach the listener before {@code onOpen}. Just before
 * {@code onClosed} runs, every send still pending in the {@link SendTracker} fails, so no send
 * stage completes normally after it.
 *
 * <p>If the connect stage was already completed (cancelled by the caller, or failed because the
 * factory closed) when {@code open} runs, the listener receives nothing at all and the transport's
 * cancel action runs instead. A listener that throws is logged at {@code WARNING}; the remaining
 * events are still delivered.
 *
 * <p>Thread-safe. Arguments must not be {@code null}.
 */
public final class ConnectionEvents {

  private static final System.Logger LOG = System.getLogger(ConnectionEvents.class.getName());

  private final ConnectionListener listener;
  private final SerialExecutor executor;
  private final SendTracker sends;

  /** Set by the first {@link #closed} call, or when the open was cancelled. */
  private final AtomicBoolean ended = new AtomicBoolean();

  /** Whether the listener received {@code onOpen}. Touched only by tasks of {@link #executor}. */
  private boolean opened;

  /**
   * Whether the end was delivered or silenced; later tasks do nothing. Touched only by tasks of
   * {@link #executor}.
   */
  private boolean finished;

  /**
   * Creates the event channel of one connection.
   *
   * @param listener the connection's listener
   * @param executor the executor whose threads call the listener; wrapped in a {@link
   *     SerialExecutor}, so it may be a shared pool
   * @param sends the connection's send tracker, failed before {@code onClosed}
   */
  public ConnectionEvents(ConnectionListener listener, Executor executor, SendTracker sends) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.executor = new SerialExecutor(Objects.requireNonNull(executor, "executor"));
    this.sends = Objects.requireNonNull(sends, "sends");
  }

  /**
   * Reports the successful handshake: calls {@code onOpen}, then completes {@code connectStage}
   * with {@code connection}.
   *
   * <p>If {@code connectStage} is already done when the task runs, the listener is not called, the
   * connection counts as ended without any {@code onClosed}, and {@code onCancelled} runs. If the
   * stage gets cancelled while {@code onOpen} runs, {@code onCancelled} runs afterwards as well, to
   * abort the connection, and the listener then receives {@code onClosed} with code 1006, not
   * initiated by the peer, unless the transport reported another end first.
   *
   * @param connection the connection to hand to the listener and the stage
   * @param connectStage the stage returned by {@code WebSocketFactory.connect}
   * @param onCancelled aborts the connection; runs on the executor's thread
   */
  public void open(
      WebSocketConnection connection,
      CompletableFuture<WebSocketConnection> connectStage,
      Runnable onCancelled) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(connectStage, "connectStage");
    Objects.requireNonNull(onCancelled, "onCancelled");
    executor.execute(() -> deliverOpen(connection, connectStage, onCancelled));
  }

  private void deliverOpen(
      WebSocketConnection connection,
      CompletableFuture<WebSocketConnection> connectStage,
      Runnable onCancelled) {
    if (finished) {
      return;
    }
    if (connectStage.isDone()) {
      finished = true;
      ended.set(true);
      sends.failAll(new IOException("The connect attempt was cancelled"));
      onCancelled.run();
      return;
    }
    opened = true;
    call("onOpen", () -> listener.onOpen(connection));
    if (!connectStage.complete(connection)) {
      // Cancelled while onOpen ran: the listener saw the open, so it must also see the end.
      onCancelled.run();
      closed(
          CloseInfo.abnormal(
              false, new CancellationException("the connect stage was cancelled during onOpen")));
    }
  }

  /** Reports a whole text message. */
  public void text(String text) {
    Objects.requireNonNull(text, "text");
    deliver("onText", () -> listener.onText(text));
  }

  /** Reports a whole binary message; the buffer must belong to the listener from now on. */
  public void binary(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    deliver("onBinary", () -> listener.onBinary(data));
  }

  /** Reports a ping from the peer; the buffer must belong to the listener from now on. */
  public void ping(ByteBuffer payload) {
    Objects.requireNonNull(payload, "payload");
    deliver("onPing", () -> listener.onPing(payload));
  }

  /** Reports a pong from the peer; the buffer must belong to the listener from now on. */
  public void pong(ByteBuffer payload) {
    Objects.requireNonNull(payload, "payload");
    deliver("onPong", () -> listener.onPong(payload));
  }

  /**
   * Runs a transport task in event order, after the events reported before it, unless the
   * connection's end was delivered by then. Transports use it for work that must follow a delivery,
   * such as requesting the next message from a pull-based library.
   */
  public void run(Runnable task) {
    Objects.requireNonNull(task, "task");
    if (ended.get()) {
      return;
    }
    executor.execute(
        () -> {
          if (!finished) {
            task.run();
          }
        });
  }

  /**
   * Reports the end of the connection, once. The first call closes the {@link SendTracker} at once
   * and queues {@code onClosed}, which runs after the events reported before it.
   *
   * @return whether this call was the first; {@code false} means the end was already reported
   */
  public boolean closed(CloseInfo info) {
    Objects.requireNonNull(info, "info");
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    sends.close();
    executor.execute(() -> deliverClosed(info));
    return true;
  }

  private void deliverClosed(CloseInfo info) {
    if (finished) {
      return;
    }
    finished = true;
    sends.failAll(closedBeforeWritten(info));
    if (opened) {
      call("onClosed", () -> listener.onClosed(info));
    }
  }

  /** Returns whether {@link #closed} was called, or the open was cancelled. */
  public boolean isClosed() {
    return ended.get();
  }

  /** Queues {@code task} behind every event reported so far, even after the end; for tests. */
  void enqueueAfterEvents(Runnable task) {
    executor.execute(task);
  }

  private void deliver(String method, Runnable call) {
    if (ended.get()) {
      return;
    }
    executor.execute(
        () -> {
          if (opened && !finished) {
            call(method, call);
          }
        });
  }

  private static void call(String method, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "ConnectionListener." + method + " threw; continuing", e);
    }
  }

  private static IOException closedBeforeWritten(CloseInfo info) {
    IOException failure =
        new IOException(
            "The connection closed with code " + info.code() + " before the frame was written");
    if (info.cause() != null) {
      failure.initCause(info.cause());
    }
    return failure;
  }
}
