package io.partysocket.benchmarks.fake;

import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An in-process transport for measuring the engine alone: nothing goes over a network. Each {@link
 * #connect connect} call waits as a {@link PendingConnect} until the benchmark opens it with {@link
 * PendingConnect#open()}, on the benchmark's own thread. Its connections count the messages handed
 * to them and complete the writes at once or on demand, according to the {@link WriteMode}.
 *
 * <p>Thread-safe.
 */
public final class FakeTransport implements WebSocketFactory {

  /** When the connections of this transport complete the write stage of a message. */
  public enum WriteMode {
    /** The stage returned by the send method is already complete. */
    IMMEDIATE,
    /** The stage completes when the owner calls {@link FakeConnection#completeHeldWrites()}. */
    HELD
  }

  private static final TransportCapabilities CAPABILITIES =
      TransportCapabilities.builder().writeCompletion(true).build();

  private final WriteMode writeMode;
  private final ConcurrentLinkedQueue<PendingConnect> pending = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  /** Creates a transport whose connections complete writes according to {@code writeMode}. */
  public FakeTransport(WriteMode writeMode) {
    this.writeMode = Objects.requireNonNull(writeMode, "writeMode");
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public int priority() {
    return Integer.MIN_VALUE;
  }

  @Override
  public TransportCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public CompletionStage<WebSocketConnection> connect(
      ConnectRequest request, ConnectionListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    if (closed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("transport is closed; create a new FakeTransport"));
    }
    PendingConnect connect = new PendingConnect(listener, writeMode);
    pending.add(connect);
    return connect.stage;
  }

  /**
   * Removes and returns the oldest connect call that has not been taken yet.
   *
   * @throws IllegalStateException if no connect call is waiting
   */
  public PendingConnect takeConnect() {
    PendingConnect connect = pending.poll();
    if (connect == null) {
      throw new IllegalStateException(
          "no connect call is waiting; start an attempt and run the scheduler's due tasks first");
    }
    return connect;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** One call of {@link #connect}, waiting for the benchmark to open it. Thread-safe. */
  public static final class PendingConnect {
    private final ConnectionListener listener;
    private final WriteMode writeMode;
    private final CompletableFuture<WebSocketConnection> stage = new CompletableFuture<>();

    private PendingConnect(ConnectionListener listener, WriteMode writeMode) {
      this.listener = listener;
      this.writeMode = writeMode;
    }

    /**
     * Opens the connection as a transport does: {@code onOpen} first, then the connect stage
     * completes. The engine flushes its queue inside {@code onOpen}, so when this method returns
     * every queued message has been handed to the returned connection.
     *
     * @throws IllegalStateException if the stage already completed or was cancelled
     */
    public FakeConnection open() {
      if (stage.isDone()) {
        throw new IllegalStateException(
            "connect call already completed (cancelled: " + stage.isCancelled() + ")");
      }
      FakeConnection connection = new FakeConnection(writeMode);
      listener.onOpen(connection);
      stage.complete(connection);
      return connection;
    }
  }
}
