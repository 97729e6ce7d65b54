/**
 * The {@code "okhttp"} transport of PartySocket for Java, over OkHttp 5's {@code
 * okhttp3.WebSocket}.
 *
 * <p>Provides {@link io.partysocket.transport.okhttp.OkHttpWebSocketFactory} as a {@link
 * io.partysocket.spi.WebSocketFactory} service.
 */
module io.partysocket.transport.okhttp {
  requires transitive io.partysocket.api;
  // OkHttpWebSocketFactory takes an okhttp3.OkHttpClient; okhttp3 in turn requires okio and
  // kotlin.stdlib transitively.
  requires transitive okhttp3;

  exports io.partysocket.transport.okhttp;

  provides io.partysocket.spi.WebSocketFactory with
      io.partysocket.transport.okhttp.OkHttpWebSocketFactory;
}
