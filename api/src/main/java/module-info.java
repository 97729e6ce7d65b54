/**
 * The transport SPI of PartySocket for Java.
 *
 * <p>A transport artifact implements {@link io.partysocket.spi.WebSocketFactory} over one WebSocket
 * client library and registers it with {@code provides io.partysocket.spi.WebSocketFactory with
 * ...}. The core finds it with {@link java.util.ServiceLoader}.
 */
module io.partysocket.api {
  exports io.partysocket.spi;
  exports io.partysocket.spi.support;
}
