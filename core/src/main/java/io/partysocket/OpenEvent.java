package io.partysocket;

import java.util.List;
import java.util.Objects;

/**
 * A connection opened.
 *
 * @param url the URL of the connection; it may carry credentials in its query, so {@link
 *     #toString()} leaves the query out
 * @param protocol the subprotocol the server selected, or an empty string for none
 * @param extensions the negotiated extensions, or an empty list
 */
public record OpenEvent(String url, String protocol, List<String> extensions)
    implements WebSocketEvent {

  /** Checks and copies the values; see the record description. */
  public OpenEvent {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(protocol, "protocol");
    extensions = List.copyOf(extensions);
  }

  @Override
  public String toString() {
    return "OpenEvent[url="
        + Redaction.url(url)
        + ", protocol="
        + protocol
        + ", extensions="
        + extensions
        + "]";
  }
}
