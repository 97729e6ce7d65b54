package io.partysocket.transport.tyrus.internal;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.support.HandshakeChecks;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks of a 101 response that Tyrus skips: it accepts a subprotocol that was not offered and
 * ignores extensions it does not know. Stateless.
 */
final class TyrusHandshakes {

  private TyrusHandshakes() {}

  /**
   * Returns the subprotocol the server selected, or {@code null} for none (an absent or empty
   * header).
   *
   * @param headers the response headers as Tyrus parsed them: values split at commas
   * @throws ConnectFailedException of kind {@code PROTOCOL} when the server selected a subprotocol
   *     that was not offered, or several, or negotiated an extension (this transport offers none)
   */
  static String selectedSubprotocol(ConnectRequest request, Map<String, List<String>> headers)
      throws ConnectFailedException {
    String target = request.redactedUri();
    String extensions = joined(headers, "Sec-WebSocket-Extensions");
    if (extensions != null && !extensions.isBlank()) {
      throw new ConnectFailedException(
          Kind.PROTOCOL,
          "Server at "
              + target
              + " negotiated the extension \""
              + extensions
              + "\", but none was offered",
          null);
    }
    return HandshakeChecks.selectedSubprotocol(
        request.subprotocols(), joined(headers, "Sec-WebSocket-Protocol"), target);
  }

  /**
   * Returns a case-insensitive copy of {@code headers} with one value per name. Tyrus's Grizzly
   * container splits every header value at commas outside quotes and drops the spaces after them,
   * so the original field lines are lost. This method joins the parts again with ", ", which
   * restores HTTP dates ({@code Retry-After}) and lists written in the usual form, but adds a space
   * after a comma that had none, as in a URI query.
   */
  static Map<String, List<String>> copyOf(Map<String, List<String>> headers) {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) -> {
          if (name != null && values != null) {
            List<String> parts = values.stream().filter(value -> value != null).toList();
            copy.put(name, List.of(String.join(", ", parts)));
          }
        });
    return copy;
  }

  /** Returns the values of a header joined with ", ", or {@code null} when it is absent. */
  private static String joined(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null ? null : String.join(", ", values);
  }
}
