package io.partysocket.transport.tyrus;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.ReconnectingTck;

/** Runs the full reconnecting stack and the chaos soak over the Tyrus transport. */
class TyrusReconnectingTckTest extends ReconnectingTck {

  @Override
  protected WebSocketFactory createFactory() {
    return new TyrusWebSocketFactory();
  }

  /**
   * The factory's callback pool ({@code partysocket-tyrus-P-N}), the per-connection Grizzly
   * selector and worker, and Tyrus's connect pool.
   */
  @Override
  protected boolean isTransportPoolThread(Thread thread) {
    String name = thread.getName();
    return name.startsWith("partysocket-tyrus-")
        || name.startsWith("Grizzly")
        || name.startsWith("tyrus-");
  }

  /**
   * Tyrus 2.2.0 on Grizzly does not notice a TCP reset before the handshake response; the attempt
   * fails at its deadline.
   */
  @Override
  protected ConnectFailedException.Kind handshakeResetKind() {
    return ConnectFailedException.Kind.HANDSHAKE_TIMEOUT;
  }
}
