/**
 * PartySocket for Java: {@link io.partysocket.ReconnectingWebSocket} and the PartyKit layer over
 * any transport found with {@link java.util.ServiceLoader}.
 */
module io.partysocket.core {
  requires transitive io.partysocket.api;
  // PartySocket.fetch takes and returns java.net.http types.
  requires transitive java.net.http;

  exports io.partysocket;

  uses io.partysocket.spi.WebSocketFactory;
}
