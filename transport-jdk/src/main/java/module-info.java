/**
 * The {@code "jdk"} transport of PartySocket for Java, over {@link java.net.http.WebSocket}.
 *
 * <p>Provides {@link io.partysocket.transport.jdk.JdkWebSocketFactory} as a {@link
 * io.partysocket.spi.WebSocketFactory} service.
 */
module io.partysocket.transport.jdk {
  requires transitive io.partysocket.api;
  requires transitive java.net.http;

  exports io.partysocket.transport.jdk;

  provides io.partysocket.spi.WebSocketFactory with
      io.partysocket.transport.jdk.JdkWebSocketFactory;
}
