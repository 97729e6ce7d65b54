package io.partysocket.transport.netty.internal;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;

/**
 * Netty's RFC 6455 client handshake, changed in three ways.
 *
 * <ul>
 *   <li>It is given no subprotocol. Netty's own check fails a handshake in which the server selects
 *       none of the offered subprotocols, which RFC 6455 allows, so the offer travels as an
 *       ordinary request header and {@link HandshakeHandler} checks the response.
 *   <li>It sends no {@code Origin} header unless the request sets one. Netty adds one by default,
 *       but the other transports send none, and a server may treat a made-up origin as a browser's.
 *   <li>Its frame decoder does not write a close frame of its own on a protocol violation. Netty's
 *       decoder writes that frame from its own position in the pipeline, which lies closer to the
 *       socket than the frame encoder. The unencoded frame fails to write, and the peer sees only
 *       the TCP connection end. With this change the decoder just raises the error and {@link
 *       FrameHandler} sends the close frame (1009 for a frame over the limit, 1002 or 1007
 *       otherwise) through the encoder.
 * </ul>
 *
 * <p>Not thread-safe: Netty calls it on the channel's event loop.
 */
final class NettyHandshaker extends WebSocketClientHandshaker13 {

  /** Disables Netty's close-frame timeout, because {@link FrameHandler} runs its own. */
  private static final long NO_FORCE_CLOSE = -1;

  private final boolean originRequested;

  /** Whether the decoder accepts the reserved bits an extension uses. Set before the handshake. */
  private boolean extensionsNegotiated;

  /**
   * Creates the handshake for one connection.
   *
   * @param uri the request URI, whose path and query form the request target
   * @param headers the request headers, including {@code Sec-WebSocket-Protocol} when offered
   * @param maxFramePayloadLength the largest frame payload the decoder accepts
   */
  NettyHandshaker(URI uri, HttpHeaders headers, int maxFramePayloadLength) {
    super(
        uri,
        WebSocketVersion.V13,
        null,
        false,
        headers,
        maxFramePayloadLength,
        true,
        false,
        NO_FORCE_CLOSE);
    this.originRequested = headers.contains(HttpHeaderNames.ORIGIN);
  }

  /** Sets whether the server accepted an extension, before {@code finishHandshake} runs. */
  void extensionsNegotiated(boolean negotiated) {
    this.extensionsNegotiated = negotiated;
  }

  @Override
  protected FullHttpRequest newHandshakeRequest() {
    FullHttpRequest request = super.newHandshakeRequest();
    if (!originRequested) {
      request.headers().remove(HttpHeaderNames.ORIGIN);
    }
    return request;
  }

  @Override
  protected WebSocketFrameDecoder newWebsocketDecoder() {
    WebSocketDecoderConfig config =
        WebSocketDecoderConfig.newBuilder()
            .expectMaskedFrames(false)
            .allowMaskMismatch(false)
            .allowExtensions(extensionsNegotiated)
            .maxFramePayloadLength(maxFramePayloadLength())
            .closeOnProtocolViolation(false)
            .withUTF8Validator(false)
            .build();
    return new WebSocket13FrameDecoder(config);
  }
}
