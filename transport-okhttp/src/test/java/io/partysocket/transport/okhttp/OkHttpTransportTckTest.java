package io.partysocket.transport.okhttp;

import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.TransportTck;

/** Runs the conformance suite against the OkHttp transport. */
class OkHttpTransportTckTest extends TransportTck {

  @Override
  protected WebSocketFactory createFactory() {
    return new OkHttpWebSocketFactory();
  }
}
