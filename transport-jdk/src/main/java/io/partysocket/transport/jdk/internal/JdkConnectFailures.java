package io.partysocket.transport.jdk.internal;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.support.ConnectFailures;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;

/** Maps the exceptions of {@code WebSocket.Builder.buildAsync} to connect failures. Stateless. */
final class JdkConnectFailures {

  private JdkConnectFailures() {}

  /** Returns {@code failure} as a {@link ConnectFailedException} for {@code request}. */
  static ConnectFailedException map(Throwable failure, ConnectRequest request) {
    Throwable cause = ConnectFailures.unwrap(failure);
    String target = request.redactedUri();
    if (cause instanceof WebSocketHandshakeException) {
      return handshakeRejected((WebSocketHandshakeException) cause, target);
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return new ConnectFailedException(
          Kind.CONNECT_TIMEOUT, "TCP connect to " + target + " timed out", cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return new ConnectFailedException(
          Kind.HANDSHAKE_TIMEOUT,
          "WebSocket handshake with " + target + " timed out after " + request.connectTimeout(),
          cause);
    }
    if (cause instanceof IllegalArgumentException) {
      // The JDK checks the URI, headers and subprotocols only when the request is built. Its
      // message can quote a header value, which may be a credential, so neither the message nor
      // the cause carries that text: the cause keeps only the JDK's stack trace.
      IllegalArgumentException withheld =
          new IllegalArgumentException(
              "the JDK's message is withheld because it can contain header values");
      withheld.setStackTrace(cause.getStackTrace());
      return new ConnectFailedException(
          Kind.IO,
          "The JDK HTTP client rejected the upgrade request for "
              + target
              + ": "
              + cause.getClass().getName(),
          withheld);
    }
    return ConnectFailures.toConnectFailed(cause, target);
  }

  private static ConnectFailedException handshakeRejected(
      WebSocketHandshakeException failure, String target) {
    HttpResponse<?> response = failure.getResponse();
    int status = response == null ? -1 : response.statusCode();
    if (status >= 100 && status <= 599 && status != 101) {
      return ConnectFailedException.httpStatus(
          status, response.headers().map(), bodyText(response.body()), failure);
    }
    // A 101 that breaks RFC 6455: a wrong accept key or a subprotocol that was not offered.
    return new ConnectFailedException(
        Kind.PROTOCOL,
        "Server at "
            + target
            + " sent an invalid WebSocket handshake response (status "
            + status
            + ")",
        failure);
  }

  private static String bodyText(Object body) {
    if (body instanceof String) {
      return (String) body;
    }
    if (body instanceof byte[]) {
      return new String((byte[]) body, StandardCharsets.UTF_8);
    }
    return null;
  }
}
