package io.partysocket.transport.tyrus.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.tyrus.spi.ClientEngine;

/**
 * Closes the socket of one connection, at any stage. Tyrus hands the engine a timeout handler that
 * shuts down the connection's own Grizzly transport. That closes the socket at once, also while the
 * handshake is pending. After the upgrade the connection's writer can close it too.
 *
 * <p>On Tyrus's shared transport, which a JVM-wide system property can force, there is no such
 * handler. The writer then closes the connection gracefully, behind frames still queued, and the
 * socket of a pending handshake cannot be closed; a warning is logged once.
 *
 * <p>Thread-safe. {@link #close()} may run before the handles arrive; {@link ConnectAttempt} then
 * runs it again once they did.
 */
final class SocketCloser {

  private static final System.Logger LOG = System.getLogger(SocketCloser.class.getName());

  private static final AtomicBoolean SHARED_TRANSPORT_WARNED = new AtomicBoolean();

  private volatile ClientEngine.TimeoutHandler transportCloser;
  private volatile DeferredCloseWriter writer;

  /** Records the handler that shuts down the connection's transport; null on the shared one. */
  void transportCloser(ClientEngine.TimeoutHandler handler) {
    transportCloser = handler;
    if (handler == null && SHARED_TRANSPORT_WARNED.compareAndSet(false, true)) {
      LOG.log(
          Level.WARNING,
          "Tyrus uses its shared Grizzly transport because the system property "
              + "org.glassfish.tyrus.client.sharedContainer is true. Sockets of handshakes that "
              + "time out or are cancelled stay open until the server closes them, and abort() "
              + "closes gracefully. Remove the property to let the transport close them.");
    }
  }

  /** Records the writer of the upgraded connection. */
  void writer(DeferredCloseWriter created) {
    writer = created;
  }

  /** Closes the socket with the handles known so far; calling it again is harmless. */
  void close() {
    ClientEngine.TimeoutHandler handler = transportCloser;
    DeferredCloseWriter current = writer;
    if (handler != null) {
      try {
        handler.handleTimeout();
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "Shutting down the Grizzly transport failed", e);
      }
    }
    if (current != null) {
      current.closeNow();
    }
  }
}
