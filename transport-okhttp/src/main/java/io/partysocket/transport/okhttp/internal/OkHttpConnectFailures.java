package io.partysocket.transport.okhttp.internal;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.support.ConnectFailures;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import okhttp3.Response;

/** Maps what OkHttp reports to {@code WebSocketListener.onFailure} during a connect. Stateless. */
final class OkHttpConnectFailures {

  /** The response body bytes read for the snippet in {@link ConnectFailedException}. */
  private static final long BODY_BYTES = 4096;

  private OkHttpConnectFailures() {}

  /**
   * Returns the connect failure for {@code failure}.
   *
   * @param failure what OkHttp reported
   * @param response the handshake response, or {@code null} when none arrived; its body is still
   *     open, because OkHttp closes it only after {@code onFailure} returned
   * @param request the request that failed
   */
  static ConnectFailedException map(Throwable failure, Response response, ConnectRequest request) {
    String target = request.redactedUri();
    if (response != null) {
      return rejected(failure, response, target);
    }
    if (isCallTimeout(failure)) {
      return new ConnectFailedException(
          Kind.HANDSHAKE_TIMEOUT,
          "WebSocket handshake with " + target + " timed out after " + request.connectTimeout(),
          failure);
    }
    return ConnectFailures.toConnectFailed(failure, target);
  }

  private static ConnectFailedException rejected(
      Throwable failure, Response response, String target) {
    int status = response.code();
    if (status >= 100 && status <= 599 && status != 101) {
      return ConnectFailedException.httpStatus(
          status, response.headers().toMultimap(), bodySnippet(response), failure);
    }
    // A 101 that breaks RFC 6455, such as a wrong Sec-WebSocket-Accept or no Upgrade header.
    return new ConnectFailedException(
        Kind.PROTOCOL,
        "Server at "
            + target
            + " sent an invalid WebSocket handshake response (status "
            + status
            + ")",
        failure);
  }

  /**
   * Returns whether OkHttp's call timeout ended the handshake. OkHttp reports it as an {@link
   * InterruptedIOException} with the message "timeout"; a read or connect timeout is a {@link
   * SocketTimeoutException}, a subclass, which {@link ConnectFailures} handles.
   */
  private static boolean isCallTimeout(Throwable failure) {
    return failure instanceof InterruptedIOException
        && !(failure instanceof SocketTimeoutException)
        && "timeout".equals(failure.getMessage());
  }

  private static String bodySnippet(Response response) {
    try {
      return response.peekBody(BODY_BYTES).string();
    } catch (IOException | IllegalStateException e) {
      // The body could not be read (the server closed the connection early); keep the status.
      return "";
    }
  }
}
