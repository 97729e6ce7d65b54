package io.partysocket.spi.support;

import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tracks the send stages of one connection: counts the payload bytes accepted and not yet written
 * (the connection's {@code bufferedAmount}), and fails every stage still pending when the
 * connection ends, so that no send stage completes normally after {@code onClosed}.
 *
 * <p>A transport calls {@link #begin} for each accepted frame, returns {@link Send#stage()} to the
 * caller, and calls {@link Send#succeed()} when the library reports the frame written or {@link
 * Send#fail} when it never will be. {@link ConnectionEvents} calls {@link #failAll} just before it
 * delivers {@code onClosed}.
 *
 * <p>Thread-safe. Arguments must not be {@code null}.
 */
public final class SendTracker {

  /** Payload bytes of the sends not completed yet. */
  private final AtomicLong bufferedBytes = new AtomicLong();

  private final Set<Send> pending = ConcurrentHashMap.newKeySet();

  /** Set once by {@link #close()} or {@link #failAll}; sends begun afterwards fail at once. */
  private volatile Throwable closedCause;

  /** Creates a tracker with nothing pending. */
  public SendTracker() {}

  /**
   * Registers a frame the transport accepted and counts its bytes until it completes. After {@link
   * #close()} the returned send has already failed.
   *
   * @param bytes the payload bytes of the frame, 0 or more
   * @return the handle the transport completes
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public Send begin(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be 0 or more but was " + bytes);
    }
    Send send = new Send(bytes);
    bufferedBytes.addAndGet(bytes);
    pending.add(send);
    // Checked after adding, so either this check or the loop in failAll finds the send.
    Throwable cause = closedCause;
    if (cause != null) {
      send.fail(cause);
    }
    return send;
  }

  /** Returns the payload bytes of the sends that have not completed yet. */
  public long bufferedAmount() {
    return bufferedBytes.get();
  }

  /** Returns the number of sends that have not completed yet. */
  public int pendingCount() {
    return pending.size();
  }

  /** Returns whether {@link #close()} or {@link #failAll} was called. */
  public boolean isClosed() {
    return closedCause != null;
  }

  /**
   * Makes every later {@link #begin} fail at once, leaving the pending sends as they are.
   * Transports call it when the connection's end is decided, before it is reported.
   */
  public void close() {
    markClosed(new IOException("The connection is closed; the frame was not sent"));
  }

  /**
   * Closes the tracker and fails every pending send with {@code cause}; their bytes stop counting.
   */
  public void failAll(Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    markClosed(cause);
    for (Send send : pending) {
      send.fail(cause);
    }
  }

  private synchronized void markClosed(Throwable cause) {
    if (closedCause == null) {
      closedCause = cause;
    }
  }

  /** One accepted frame. Thread-safe; completing it a second time has no effect. */
  public final class Send {
    private final long bytes;
    private final CompletableFuture<Void> future = new CompletableFuture<>();
    private final AtomicBoolean released = new AtomicBoolean();

    private Send(long bytes) {
      this.bytes = bytes;
    }

    /** Returns the payload bytes counted for this frame. */
    public long bytes() {
      return bytes;
    }

    /**
     * Returns the stage to hand to the caller. It cannot be completed or cancelled through {@link
     * CompletionStage#toCompletableFuture()}, so only the transport decides its outcome.
     */
    public CompletionStage<Void> stage() {
      return future.minimalCompletionStage();
    }

    /** Returns whether the send has completed, normally or not. */
    public boolean isDone() {
      return future.isDone();
    }

    /**
     * Completes the stage normally, unless it already failed.
     *
     * @return whether this call completed it
     */
    public boolean succeed() {
      release();
      return finish(future.complete(null));
    }

    /**
     * Fails the stage with {@code cause}, unless it already completed.
     *
     * @return whether this call completed it
     */
    public boolean fail(Throwable cause) {
      Objects.requireNonNull(cause, "cause");
      release();
      return finish(future.completeExceptionally(cause));
    }

    /**
     * Stops counting the bytes before the stage completes, so that code waiting for the stage reads
     * the lower {@link #bufferedAmount()}. The future's own completion decides the outcome.
     */
    private void release() {
      if (released.compareAndSet(false, true)) {
        bufferedBytes.addAndGet(-bytes);
      }
    }

    private boolean finish(boolean completedNow) {
      pending.remove(this);
      return completedNow;
    }
  }
}
