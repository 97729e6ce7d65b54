package io.partysocket.transport.tyrus;

import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.TransportTck;

/** Runs the conformance suite against the Tyrus transport with its own client manager. */
class TyrusTransportTckTest extends TransportTck {

  @Override
  protected WebSocketFactory createFactory() {
    return new TyrusWebSocketFactory();
  }
}
