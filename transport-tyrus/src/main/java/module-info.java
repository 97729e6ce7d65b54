/**
 * The {@code "tyrus"} transport of PartySocket for Java, over the Jakarta WebSocket client API with
 * Tyrus and its Grizzly client container as the implementation.
 *
 * <p>Provides {@link io.partysocket.transport.tyrus.TyrusWebSocketFactory} as a {@link
 * io.partysocket.spi.WebSocketFactory} service.
 */
module io.partysocket.transport.tyrus {
  requires transitive io.partysocket.api;
  requires transitive org.glassfish.tyrus.client;
  requires org.glassfish.tyrus.core;
  requires org.glassfish.tyrus.spi;
  requires org.glassfish.tyrus.container.grizzly.client;
  requires org.glassfish.grizzly;

  exports io.partysocket.transport.tyrus;

  // Tyrus creates the client container reflectively from its class name.
  exports io.partysocket.transport.tyrus.internal to
      org.glassfish.tyrus.core;

  provides io.partysocket.spi.WebSocketFactory with
      io.partysocket.transport.tyrus.TyrusWebSocketFactory;
}
