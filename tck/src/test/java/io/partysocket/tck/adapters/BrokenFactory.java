package io.partysocket.tck.adapters;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A decorator that adds one known bug to a working factory, to show that the TCK catches it. Not
 * for use outside the TCK's own tests. Thread-safe when the decorated factory is.
 */
public final class BrokenFactory implements WebSocketFactory {

  /** The bug to add. */
  public enum Bug {
    /** {@code onClosed} is dropped when the connection ended through {@code abort()}. */
    SWALLOW_CLOSED_AFTER_ABORT,
    /** A text message is delivered after {@code onClosed}. */
    CALLBACK_AFTER_CLOSED,
    /** {@code close()} calls {@code onClosed} on the caller's stack, before the peer answered. */
    REENTRANT_CLOSE,
    /**
     * {@code sendText()} calls the listener on the caller's stack, as an adapter does that drains
     * its inbound events on whichever thread calls into it.
     */
    REENTRANT_SEND,
    /** The request's close timeout is replaced by one hour, so a silent peer is never cut off. */
    IGNORED_CLOSE_TIMEOUT
  }

  private final WebSocketFactory inner;
  private final Bug bug;

  /** Adds {@code bug} to {@code inner}. */
  public BrokenFactory(WebSocketFactory inner, Bug bug) {
    this.inner = inner;
    this.bug = bug;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public int priority() {
    return inner.priority();
  }

  @Override
  public TransportCapabilities capabilities() {
    return inner.capabilities();
  }

  @Override
  public CompletionStage<WebSocketConnection> connect(
      ConnectRequest request, ConnectionListener listener) {
    ConnectRequest sent =
        bug == Bug.IGNORED_CLOSE_TIMEOUT ? withCloseTimeout(request, Duration.ofHours(1)) : request;
    BrokenConnection connection = new BrokenConnection(listener);
    return inner.connect(sent, connection.innerListener).thenApply(open -> connection);
  }

  @Override
  public void close() {
    inner.close();
  }

  private static ConnectRequest withCloseTimeout(ConnectRequest request, Duration closeTimeout) {
    return request.toBuilder().closeTimeout(closeTimeout).build();
  }

  /** The decorated connection; {@link #innerListener} receives the working factory's events. */
  private final class BrokenConnection implements WebSocketConnection {
    private final ConnectionListener outer;
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final AtomicBoolean closedReported = new AtomicBoolean();
    private volatile WebSocketConnection delegate;

    private final ConnectionListener innerListener =
        new ConnectionListener() {
          @Override
          public void onOpen(WebSocketConnection connection) {
            delegate = connection;
            outer.onOpen(BrokenConnection.this);
          }

          @Override
          public void onText(String text) {
            outer.onText(text);
          }

          @Override
          public void onBinary(ByteBuffer data) {
            outer.onBinary(data);
          }

          @Override
          public void onPing(ByteBuffer payload) {
            outer.onPing(payload);
          }

          @Override
          public void onPong(ByteBuffer payload) {
            outer.onPong(payload);
          }

          @Override
          public void onClosed(CloseInfo info) {
            if (bug == Bug.SWALLOW_CLOSED_AFTER_ABORT && aborted.get()) {
              return;
            }
            if (bug == Bug.REENTRANT_CLOSE && !closedReported.compareAndSet(false, true)) {
              return;
            }
            outer.onClosed(info);
            if (bug == Bug.CALLBACK_AFTER_CLOSED) {
              outer.onText("late message after onClosed");
            }
          }
        };

    BrokenConnection(ConnectionListener outer) {
      this.outer = outer;
    }

    @Override
    public String subprotocol() {
      return delegate.subprotocol();
    }

    @Override
    public List<String> extensions() {
      return delegate.extensions();
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
      CompletionStage<Void> stage = delegate.sendText(text);
      if (bug == Bug.REENTRANT_SEND) {
        outer.onPong(ByteBuffer.allocate(0));
      }
      return stage;
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data) {
      return delegate.sendBinary(data);
    }

    @Override
    public CompletionStage<Void> ping(ByteBuffer payload) {
      return delegate.ping(payload);
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
      CompletionStage<Void> stage = delegate.close(code, reason);
      if (bug == Bug.REENTRANT_CLOSE && closedReported.compareAndSet(false, true)) {
        outer.onClosed(CloseInfo.localClose(code, reason));
      }
      return stage;
    }

    @Override
    public void abort() {
      aborted.set(true);
      delegate.abort();
    }

    @Override
    public long bufferedAmount() {
      return delegate.bufferedAmount();
    }
  }
}
