package io.partysocket.tck.adapters;

import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.TransportTck;

/** Runs the TCK against the reference socket transport, which must pass every case it can. */
class SocketTransportTckTest extends TransportTck {
  @Override
  protected WebSocketFactory createFactory() {
    return new SocketWebSocketFactory();
  }
}
