package io.partysocket.transport.netty;

import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.ReconnectingTck;

/** Runs the full reconnecting stack and the chaos soak over the Netty transport. */
class NettyReconnectingTckTest extends ReconnectingTck {

  @Override
  protected WebSocketFactory createFactory() {
    return new NettyWebSocketFactory();
  }

  /** The event loop threads of the factory's own group ({@code partysocket-netty-P-N}). */
  @Override
  protected boolean isTransportPoolThread(Thread thread) {
    String name = thread.getName();
    return name.startsWith("partysocket-netty-");
  }
}
