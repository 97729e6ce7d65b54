/**
 * The {@code "jetty"} transport of PartySocket for Java, over the Jetty 12 WebSocket client.
 *
 * <p>Provides {@link io.partysocket.transport.jetty.JettyWebSocketFactory} as a {@link
 * io.partysocket.spi.WebSocketFactory} service.
 */
module io.partysocket.transport.jetty {
  requires transitive io.partysocket.api;
  // The factory's constructors take Jetty's WebSocketClient and HttpClient; this module brings
  // jetty-client and the Jetty WebSocket API with it.
  requires transitive org.eclipse.jetty.websocket.client;

  // Holds JettyEndpoint as well as the factory: Jetty finds the endpoint's methods with a public
  // method-handle lookup, which reaches only packages that are exported to everyone.
  exports io.partysocket.transport.jetty;

  provides io.partysocket.spi.WebSocketFactory with
      io.partysocket.transport.jetty.JettyWebSocketFactory;
}
