package io.partysocket.transport.tyrus.internal;

import io.partysocket.spi.support.SendTracker;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;
import org.glassfish.tyrus.spi.WriterInfo;

/**
 * The writer Tyrus sends a connection's frames through. It passes every write on, reports when a
 * close frame or a ping was written, and keeps the TCP connection open when Tyrus requests to close
 * it. Tyrus closes the TCP connection right after its own close frame, without waiting for the
 * peer's; {@link TyrusConnection} closes it through {@link #closeNow} once the closing handshake
 * ended or timed out.
 *
 * <p>Thread-safe.
 */
final class DeferredCloseWriter extends Writer {

  private static final System.Logger LOG = System.getLogger(DeferredCloseWriter.class.getName());

  /**
   * The ping send the current thread is about to hand to Tyrus. Tyrus's {@code sendPing} returns
   * nothing, but writes the frame on the calling thread, so the write can pick the send up here.
   */
  private static final ThreadLocal<SendTracker.Send> PENDING_PING = new ThreadLocal<>();

  private final Writer delegate;
  private final TyrusConnection connection;
  private final AtomicBoolean closed = new AtomicBoolean();

  DeferredCloseWriter(Writer delegate, TyrusConnection connection) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /** Registers the ping send that the current thread's next ping write completes. */
  static void expectPing(SendTracker.Send send) {
    PENDING_PING.set(send);
  }

  /**
   * Removes and returns the ping send no write picked up on the current thread, or {@code null}.
   */
  static SendTracker.Send takeUnclaimedPing() {
    SendTracker.Send send = PENDING_PING.get();
    PENDING_PING.remove();
    return send;
  }

  @Override
  public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
    delegate.write(buffer, completionHandler);
  }

  @Override
  public void write(
      ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler, WriterInfo writerInfo) {
    CompletionHandler<ByteBuffer> handler = completionHandler;
    WriterInfo.MessageType type = writerInfo == null ? null : writerInfo.getMessageType();
    if (type == WriterInfo.MessageType.CLOSE) {
      handler = new Observed(completionHandler, connection::closeFrameWritten);
    } else if (type == WriterInfo.MessageType.PING) {
      SendTracker.Send ping = takeUnclaimedPing();
      if (ping != null) {
        handler = new Observed(completionHandler, failure -> complete(ping, failure));
      }
    }
    delegate.write(buffer, handler, writerInfo);
  }

  /**
   * Requests the TCP close from the connection, which closes it when the closing handshake ends.
   */
  @Override
  public void close() {
    connection.closeRequested();
  }

  /** Closes the TCP connection; later calls have no effect. */
  void closeNow() {
    if (closed.compareAndSet(false, true)) {
      try {
        delegate.close();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, "Closing the Tyrus writer failed", e);
      }
    }
  }

  private static void complete(SendTracker.Send send, Throwable failure) {
    if (failure == null) {
      send.succeed();
    } else {
      send.fail(failure);
    }
  }

  /** Passes a write's outcome on, then reports it: {@code null} for written, else the failure. */
  private static final class Observed extends CompletionHandler<ByteBuffer> {
    private final CompletionHandler<ByteBuffer> delegate;
    private final Consumer<Throwable> outcome;

    Observed(CompletionHandler<ByteBuffer> delegate, Consumer<Throwable> outcome) {
      this.delegate = delegate;
      this.outcome = outcome;
    }

    @Override
    public void completed(ByteBuffer result) {
      if (delegate != null) {
        delegate.completed(result);
      }
      outcome.accept(null);
    }

    @Override
    public void failed(Throwable throwable) {
      if (delegate != null) {
        delegate.failed(throwable);
      }
      outcome.accept(throwable);
    }

    @Override
    public void cancelled() {
      if (delegate != null) {
        delegate.cancelled();
      }
      outcome.accept(new CancellationException("The write was cancelled"));
    }

    @Override
    public void updated(ByteBuffer result) {
      if (delegate != null) {
        delegate.updated(result);
      }
    }
  }
}
