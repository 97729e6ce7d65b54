package io.partysocket.transport.netty;

import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.TransportTck;

/** Runs the conformance suite against the Netty transport with its own event loop group. */
class NettyTransportTckTest extends TransportTck {

  @Override
  protected WebSocketFactory createFactory() {
    return new NettyWebSocketFactory();
  }
}
