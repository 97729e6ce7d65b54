package io.partysocket.transport.netty.internal;

import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.partysocket.spi.ConnectFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code Sec-WebSocket-Extensions} side of a handshake: the permessage-deflate offer (RFC 7692)
 * when compression is on, and the check of the server's response. The server may accept the offer
 * or respond with no extension. Anything else fails the handshake with {@link
 * ConnectFailedException.Kind#PROTOCOL}.
 *
 * <p>Only permessage-deflate is offered, not the older deflate-frame drafts that Netty's {@code
 * WebSocketClientCompressionHandler} adds. Immutable.
 */
final class Extensions {

  /** The zlib compression level for outbound messages: zlib's own default. */
  private static final int COMPRESSION_LEVEL = 6;

  /** The LZ77 window the server may use, in bits: the largest, as RFC 7692 defaults to. */
  private static final int SERVER_WINDOW_BITS = 15;

  /** The handshaker for the offer, or {@code null} when compression is off. */
  private final PerMessageDeflateClientExtensionHandshaker deflate;

  private Extensions(PerMessageDeflateClientExtensionHandshaker deflate) {
    this.deflate = deflate;
  }

  /** Returns extensions that offer nothing and accept nothing. */
  static Extensions none() {
    return new Extensions(null);
  }

  /**
   * Returns extensions that offer permessage-deflate.
   *
   * @param maxInflatedFrameBytes the largest payload one inbound frame may inflate to; a larger one
   *     fails the inflater, which {@link FrameHandler} turns into close code 1009
   */
  static Extensions permessageDeflate(int maxInflatedFrameBytes) {
    // A server may shrink the client's compression window (client_max_window_bits) only when
    // Netty compresses with jzlib. The JDK's Deflater has a fixed window.
    boolean clientWindowBits = ZlibCodecFactory.isSupportingWindowSizeAndMemLevel();
    return new Extensions(
        new PerMessageDeflateClientExtensionHandshaker(
            COMPRESSION_LEVEL,
            clientWindowBits,
            SERVER_WINDOW_BITS,
            false,
            false,
            maxInflatedFrameBytes));
  }

  /** Returns the request header value to send, or {@code null} when nothing is offered. */
  String offer() {
    if (deflate == null) {
      return null;
    }
    WebSocketExtensionData data = deflate.newRequestData();
    StringBuilder value = new StringBuilder(data.name());
    for (Map.Entry<String, String> parameter : data.parameters().entrySet()) {
      value.append("; ").append(parameter.getKey());
      if (parameter.getValue() != null) {
        value.append('=').append(parameter.getValue());
      }
    }
    return value.toString();
  }

  /**
   * Checks the server's {@code Sec-WebSocket-Extensions} header.
   *
   * @param header the header value, or {@code null} when absent
   * @param target the URI for messages, without its query
   * @return the accepted extension, or {@code null} when the server accepted none
   * @throws ConnectFailedException of kind PROTOCOL when the server selected something that was not
   *     offered, or selected it with parameters the offer does not allow
   */
  WebSocketClientExtension accept(String header, String target) throws ConnectFailedException {
    if (header == null || header.isBlank()) {
      return null;
    }
    List<WebSocketExtensionData> selected = WebSocketExtensionUtil.extractExtensions(header);
    WebSocketClientExtension accepted = null;
    if (deflate != null && selected.size() == 1) {
      accepted = deflate.handshakeExtension(selected.get(0));
    }
    if (accepted == null) {
      throw new ConnectFailedException(
          ConnectFailedException.Kind.PROTOCOL,
          "Server at "
              + target
              + " selected the extensions \""
              + header.strip()
              + "\", which were not offered as sent (offered: "
              + (deflate == null ? "none" : offer())
              + ")",
          null);
    }
    return accepted;
  }

  /**
   * Splits a {@code Sec-WebSocket-Extensions} header into one entry per extension with its
   * parameters, as written. Returns an empty list for {@code null}.
   */
  static List<String> entries(String header) {
    List<String> entries = new ArrayList<>();
    if (header == null) {
      return entries;
    }
    for (String entry : header.split(",")) {
      if (!entry.isBlank()) {
        entries.add(entry.strip());
      }
    }
    return entries;
  }
}
