package io.partysocket.transport.okhttp.internal;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** Builds the OkHttp request that opens a WebSocket. Stateless. */
final class UpgradeRequests {

  private UpgradeRequests() {}

  /**
   * Returns the upgrade request: the URI with its scheme turned into {@code http} or {@code https},
   * the request's headers, and the subprotocols as one {@code Sec-WebSocket-Protocol} header in
   * order of preference. OkHttp adds the WebSocket headers itself.
   *
   * @throws ConnectFailedException of kind {@code IO} when OkHttp cannot parse the URI
   */
  static Request create(ConnectRequest request) throws ConnectFailedException {
    Headers.Builder headers = new Headers.Builder();
    // ConnectRequest has checked the names and rejected line breaks in values; OkHttp would also
    // reject any non-ASCII value, with a message that contains the value.
    request
        .headers()
        .forEach((name, values) -> values.forEach(value -> headers.addUnsafeNonAscii(name, value)));
    if (!request.subprotocols().isEmpty()) {
      headers.set("Sec-WebSocket-Protocol", String.join(", ", request.subprotocols()));
    }
    return new Request.Builder().url(httpUrl(request)).headers(headers.build()).build();
  }

  private static HttpUrl httpUrl(ConnectRequest request) throws ConnectFailedException {
    String uri = request.uri().toString();
    String rest = uri.substring(request.uri().getScheme().length());
    HttpUrl url = HttpUrl.parse((request.secure() ? "https" : "http") + rest);
    if (url == null) {
      // OkHttp's own parse error would repeat the URI with its query, which may hold credentials.
      throw new ConnectFailedException(
          ConnectFailedException.Kind.IO,
          "OkHttp cannot parse the URI " + request.redactedUri(),
          null);
    }
    return url;
  }
}
