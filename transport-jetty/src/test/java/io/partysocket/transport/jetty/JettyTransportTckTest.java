package io.partysocket.transport.jetty;

import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.TransportTck;

/** Runs the conformance suite against the Jetty transport with its own clients. */
class JettyTransportTckTest extends TransportTck {

  @Override
  protected WebSocketFactory createFactory() {
    return new JettyWebSocketFactory();
  }
}
