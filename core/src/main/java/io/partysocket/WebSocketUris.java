package io.partysocket;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/** Parses and checks WebSocket URLs given by users. */
final class WebSocketUris {

  private WebSocketUris() {}

  /**
   * Parses {@code url} as an absolute {@code ws} or {@code wss} URI with a host, a port in 0-65535
   * if any, and no fragment. Messages never repeat query values or user information, which may hold
   * a token.
   *
   * @throws IllegalArgumentException if the URL is not such a URI
   */
  static URI parse(String url) {
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "url must be a valid ws:// or wss:// URL but could not be parsed: "
              + e.getReason()
              + " at index "
              + e.getIndex(),
          null);
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
      throw new IllegalArgumentException(
          "url must start with ws:// or wss:// but had "
              + (scheme == null ? "no scheme" : "scheme \"" + scheme + "\""));
    }
    if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
      // java.net.URI falls back to a registry-based authority, with no host, when the host or
      // port is malformed, as in "ws://:80/x", "ws://a_b/x" or "ws://h:99999999999/x".
      throw new IllegalArgumentException(
          "url must have a host name or IP address, with an optional port in 0-65535, as in"
              + " ws://host:port/path, but was \""
              + Redaction.url(url)
              + "\"");
    }
    if (uri.getPort() > 65535) {
      throw new IllegalArgumentException(
          "url port must be in 0-65535 but was "
              + uri.getPort()
              + " in \""
              + Redaction.url(url)
              + "\"");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("url must not have a fragment (#...)");
    }
    return uri;
  }
}
