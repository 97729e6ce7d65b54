package io.partysocket.transport.tyrus.internal;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.support.ConnectFailures;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.core.HandshakeException;

/** Maps the failures of a Tyrus connect to connect failures. Stateless. */
final class TyrusConnectFailures {

  /** Maximum depth of the cause-chain search. */
  private static final int MAX_CAUSE_DEPTH = 16;

  private TyrusConnectFailures() {}

  /**
   * Returns {@code failure} as a {@link ConnectFailedException}.
   *
   * <p>Tyrus fails a rejected handshake with a {@link HandshakeException} (or one of its subtypes
   * for 401, 503 and redirects) that carries the status but not the headers. The status and headers
   * passed here come from the response itself, recorded before Tyrus processed it.
   *
   * @param failure what the Tyrus connect future failed with
   * @param request the request, for the message
   * @param status the status of the handshake response, or -1 when none arrived
   * @param headers the headers of that response, or an empty map
   */
  static ConnectFailedException map(
      Throwable failure, ConnectRequest request, int status, Map<String, List<String>> headers) {
    ConnectFailedException own = find(failure, ConnectFailedException.class);
    if (own != null) {
      return own;
    }
    String target = request.redactedUri();
    HandshakeException rejected = find(failure, HandshakeException.class);
    if (rejected != null) {
      int code = status == -1 ? rejected.getHttpStatusCode() : status;
      if (code >= 100 && code <= 599 && code != 101) {
        return ConnectFailedException.httpStatus(code, headers, "", rejected);
      }
      // A 101 response that Tyrus rejected, such as a wrong Sec-WebSocket-Accept key.
      return new ConnectFailedException(
          Kind.PROTOCOL,
          "Server at " + target + " sent an invalid WebSocket handshake response",
          rejected);
    }
    return ConnectFailures.toConnectFailed(failure, target);
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (type.isInstance(current)) {
        return type.cast(current);
      }
      current = current.getCause();
    }
    return null;
  }
}
