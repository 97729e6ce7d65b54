package io.partysocket.transport.jdk;

import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.TransportTck;

/** Runs the conformance suite against the JDK transport. */
class JdkTransportTckTest extends TransportTck {

  @Override
  protected WebSocketFactory createFactory() {
    return new JdkWebSocketFactory();
  }
}
