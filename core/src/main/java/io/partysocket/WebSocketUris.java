package io.partysocket;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/** Parses and checks WebSocket URLs given by users. */
final class WebSocketUris {

  private WebSocketUris() {}

  /**
   * Parses {@code url} as an absolute {@code ws} or {@code wss} URI with a host and no fragment.
   * Messages name the scheme or the syntax problem but never repeat the query, which may hold a
   * token.
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
      throw new IllegalArgumentException(
          "url must name a host, as in ws://host:port/path, but had none");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("url must not have a fragment (#...)");
    }
    return uri;
  }
}
