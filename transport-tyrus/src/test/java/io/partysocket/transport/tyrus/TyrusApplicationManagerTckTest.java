package io.partysocket.transport.tyrus;

import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.TransportTck;
import org.glassfish.tyrus.client.ClientManager;

/** Runs the conformance suite against the Tyrus transport built on an application's manager. */
class TyrusApplicationManagerTckTest extends TransportTck {

  @Override
  protected WebSocketFactory createFactory() {
    return new TyrusWebSocketFactory(ClientManager.createClient());
  }
}
