package io.partysocket.tck;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.ToIntFunction;

/**
 * A pass-through {@link WebSocketFactory} that reports to a {@link DeliveryLedger} which transport
 * connection the socket hands each text message to, and how each connection ended. It changes
 * nothing the transport does: every call and callback goes straight through, on the same thread.
 *
 * <p>Thread-safe if the wrapped factory is.
 */
final class TrackingFactory implements WebSocketFactory {

  private final WebSocketFactory transport;
  private final DeliveryLedger ledger;
  private final ToIntFunction<URI> clientOf;

  /**
   * Wraps {@code transport}.
   *
   * @param clientOf returns the client number of a connection's URI
   */
  TrackingFactory(WebSocketFactory transport, DeliveryLedger ledger, ToIntFunction<URI> clientOf) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clientOf = Objects.requireNonNull(clientOf, "clientOf");
  }

  @Override
  public String name() {
    return transport.name();
  }

  @Override
  public int priority() {
    return transport.priority();
  }

  @Override
  public TransportCapabilities capabilities() {
    return transport.capabilities();
  }

  @Override
  public boolean isUsable() {
    return transport.isUsable();
  }

  @Override
  public CompletionStage<WebSocketConnection> connect(
      ConnectRequest request, ConnectionListener listener) {
    int number = ledger.newConnection(clientOf.applyAsInt(request.uri()));
    Tracked tracked = new Tracked(number, listener);
    CompletableFuture<WebSocketConnection> stage =
        transport.connect(request, tracked).toCompletableFuture();
    stage.whenComplete(
        (connection, failure) -> {
          if (failure != null) {
            ledger.connectionEnded(number, false);
          }
        });
    CompletableFuture<WebSocketConnection> wrapped = stage.thenApply(tracked::wrap);
    // The socket abandons an attempt by cancelling its stage, so pass the cancellation on.
    wrapped.whenComplete(
        (connection, failure) -> {
          if (wrapped.isCancelled()) {
            stage.cancel(true);
          }
        });
    return wrapped;
  }

  /** Leaves the wrapped factory open: the fixture closes it. */
  @Override
  public void close() {}

  /** The listener and connection of one attempt, which report to the ledger. */
  private final class Tracked implements ConnectionListener {
    private final int number;
    private final ConnectionListener listener;

    // Guarded by this.
    private WebSocketConnection raw;
    private TrackedConnection wrapped;

    Tracked(int number, ConnectionListener listener) {
      this.number = number;
      this.listener = listener;
    }

    /** Returns the one wrapper of {@code connection}: the socket compares the objects it gets. */
    synchronized WebSocketConnection wrap(WebSocketConnection connection) {
      if (wrapped == null || raw != connection) {
        raw = connection;
        wrapped = new TrackedConnection(connection, number);
      }
      return wrapped;
    }

    @Override
    public void onOpen(WebSocketConnection connection) {
      listener.onOpen(wrap(connection));
    }

    @Override
    public void onText(String text) {
      listener.onText(text);
    }

    @Override
    public void onBinary(ByteBuffer data) {
      listener.onBinary(data);
    }

    @Override
    public void onPing(ByteBuffer payload) {
      listener.onPing(payload);
    }

    @Override
    public void onPong(ByteBuffer payload) {
      listener.onPong(payload);
    }

    @Override
    public void onClosed(CloseInfo info) {
      ledger.connectionEnded(number, info.clean());
      listener.onClosed(info);
    }
  }

  /** An open connection that records each text message handed to it. */
  private final class TrackedConnection implements WebSocketConnection {
    private final WebSocketConnection connection;
    private final int number;

    TrackedConnection(WebSocketConnection connection, int number) {
      this.connection = connection;
      this.number = number;
    }

    @Override
    public String subprotocol() {
      return connection.subprotocol();
    }

    @Override
    public List<String> extensions() {
      return connection.extensions();
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
      ledger.handedOver(text, number);
      return connection.sendText(text);
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data) {
      return connection.sendBinary(data);
    }

    @Override
    public CompletionStage<Void> ping(ByteBuffer payload) {
      return connection.ping(payload);
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
      return connection.close(code, reason);
    }

    @Override
    public void abort() {
      ledger.connectionEnded(number, false);
      connection.abort();
    }

    @Override
    public long bufferedAmount() {
      return connection.bufferedAmount();
    }
  }
}
