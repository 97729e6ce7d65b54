package io.partysocket.transport.jetty.internal;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.support.ConnectFailures;
import java.net.SocketTimeoutException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;

/**
 * Maps the failures of {@code WebSocketClient.connect} to connect failures, using the response that
 * {@link HandshakeCapture} recorded. Stateless.
 */
final class JettyConnectFailures {

  /** Maximum depth of a cause-chain search. */
  private static final int MAX_CAUSE_DEPTH = 16;

  private JettyConnectFailures() {}

  /** Returns {@code failure} as a {@link ConnectFailedException} for {@code request}. */
  static ConnectFailedException map(
      Throwable failure, HandshakeCapture response, ConnectRequest request) {
    Throwable cause = ConnectFailures.unwrap(failure);
    String target = request.redactedUri();
    if (cause instanceof ConnectFailedException) {
      return (ConnectFailedException) cause;
    }
    int status = response.status();
    if (isRejection(status)) {
      return ConnectFailedException.httpStatus(status, response.headers(), response.body(), cause);
    }
    UpgradeException upgrade = find(cause, UpgradeException.class);
    if (upgrade != null && isRejection(upgrade.getResponseStatusCode())) {
      return ConnectFailedException.httpStatus(
          upgrade.getResponseStatusCode(), response.headers(), response.body(), cause);
    }
    if (status == 101 && find(cause, SSLException.class) == null) {
      // A 101 that broke RFC 6455: a wrong accept key, or a subprotocol or extension that was
      // not offered. Jetty checks all three and fails the upgrade.
      return new ConnectFailedException(
          Kind.PROTOCOL,
          "Server at "
              + target
              + " sent an invalid WebSocket handshake response ("
              + cause.getClass().getName()
              + ")",
          cause);
    }
    if (isTcpConnectTimeout(cause)) {
      return new ConnectFailedException(
          Kind.CONNECT_TIMEOUT, "TCP connect to " + target + " timed out", cause);
    }
    return ConnectFailures.toConnectFailed(cause, target);
  }

  private static boolean isRejection(int status) {
    return status >= 100 && status <= 599 && status != 101;
  }

  /**
   * Returns whether Jetty's selector gave up on the TCP connect: it raises a {@code
   * SocketTimeoutException} with the message "Connect Timeout".
   */
  private static boolean isTcpConnectTimeout(Throwable failure) {
    SocketTimeoutException timeout = find(failure, SocketTimeoutException.class);
    if (timeout == null || timeout.getMessage() == null) {
      return false;
    }
    return timeout.getMessage().toLowerCase(Locale.ROOT).contains("connect timeout");
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
