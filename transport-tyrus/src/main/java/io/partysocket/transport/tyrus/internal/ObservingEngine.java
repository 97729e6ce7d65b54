package io.partysocket.transport.tyrus.internal;

import java.util.Objects;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.Writer;

/**
 * Tyrus's client engine of one connect attempt, observed by its {@link TyrusConnection}: it learns
 * the handle that closes the socket, gets the handshake response before Tyrus does (status and
 * headers of a rejection, the subprotocol and extensions of an upgrade), and puts a {@link
 * DeferredCloseWriter} and a {@link FrameReader} between Tyrus and the socket. Thread-safe.
 */
final class ObservingEngine implements ClientEngine {

  private static final ClientUpgradeInfo FAILED =
      new ClientUpgradeInfo() {
        @Override
        public ClientUpgradeStatus getUpgradeStatus() {
          return ClientUpgradeStatus.UPGRADE_REQUEST_FAILED;
        }

        @Override
        public Connection createConnection() {
          return null;
        }
      };

  private final ClientEngine delegate;
  private final TyrusConnection connection;

  ObservingEngine(ClientEngine delegate, TyrusConnection connection) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /**
   * Records the socket's close handle and passes the call on.
   *
   * @throws IllegalStateException when the attempt already ended, which stops Tyrus before it opens
   *     a socket
   */
  @Override
  public UpgradeRequest createUpgradeRequest(TimeoutHandler timeoutHandler) {
    connection.attempt().handshakeStarted(delegate, timeoutHandler);
    return delegate.createUpgradeRequest(timeoutHandler);
  }

  @Override
  public ClientUpgradeInfo processResponse(
      UpgradeResponse upgradeResponse, Writer writer, Connection.CloseListener closeListener) {
    if (!connection.attempt().responseReceived(upgradeResponse)) {
      // The attempt ended or the 101 broke RFC 6455; the container closes the socket.
      return FAILED;
    }
    DeferredCloseWriter deferred = new DeferredCloseWriter(writer, connection);
    connection.socket().writer(deferred);
    ClientUpgradeInfo info = delegate.processResponse(upgradeResponse, deferred, closeListener);
    if (info.getUpgradeStatus() != ClientUpgradeStatus.SUCCESS) {
      return info;
    }
    return new ClientUpgradeInfo() {
      @Override
      public ClientUpgradeStatus getUpgradeStatus() {
        return ClientUpgradeStatus.SUCCESS;
      }

      @Override
      public Connection createConnection() {
        return new ObservingConnection(
            info.createConnection(), connection, connection.maxInboundMessageBytes());
      }
    };
  }

  @Override
  public void processError(Throwable t) {
    delegate.processError(t);
  }
}
