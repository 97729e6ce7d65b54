package io.partysocket.spi.support;

import io.partysocket.spi.ConnectFailedException;
import java.util.List;
import java.util.Objects;

/**
 * Checks of the server's 101 response that some libraries skip. RFC 6455 section 4.1: a server may
 * select none of the offered subprotocols, but must not select one that was not offered. Stateless.
 */
public final class HandshakeChecks {

  private HandshakeChecks() {}

  /**
   * Returns the subprotocol to report for the server's {@code Sec-WebSocket-Protocol} header:
   * {@code null} when it selected none (an absent or empty header), otherwise the selected value.
   *
   * @param offered the subprotocols the client offered
   * @param selected the response header's value, or {@code null} when absent
   * @param target the URI for the message, without its query (see {@code
   *     ConnectRequest.redactedUri()})
   * @throws ConnectFailedException of kind {@link ConnectFailedException.Kind#PROTOCOL} when the
   *     server selected a subprotocol that was not offered, or several
   */
  public static String selectedSubprotocol(List<String> offered, String selected, String target)
      throws ConnectFailedException {
    Objects.requireNonNull(offered, "offered");
    Objects.requireNonNull(target, "target");
    if (selected == null || selected.isBlank()) {
      return null;
    }
    String value = selected.strip();
    if (!offered.contains(value)) {
      throw new ConnectFailedException(
          ConnectFailedException.Kind.PROTOCOL,
          "Server at "
              + target
              + " selected subprotocol \""
              + value
              + "\", which was not offered (offered: "
              + offered
              + ")",
          null);
    }
    return value;
  }
}
