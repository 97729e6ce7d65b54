package io.partysocket.spi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A connection attempt that did not open. For a rejected handshake ({@link Kind#HTTP_STATUS}) it
 * carries the HTTP status, the response headers and the start of the body, so that the caller can
 * act on {@code Retry-After} or {@code WWW-Authenticate}.
 *
 * <p>The message never contains the request URI's query, request headers or the response body.
 * Instances are immutable.
 */
public class ConnectFailedException extends IOException {

  private static final long serialVersionUID = 1L;

  /** The largest body snippet kept, in characters. */
  public static final int MAX_BODY_SNIPPET = 1024;

  /** What went wrong. */
  public enum Kind {
    /** The server actively refused the TCP connection. */
    REFUSED,
    /** The host name could not be resolved. */
    UNKNOWN_HOST,
    /** The TCP connection was not established in time. */
    CONNECT_TIMEOUT,
    /** The opening handshake did not finish within the connect timeout. */
    HANDSHAKE_TIMEOUT,
    /** The TLS handshake failed, for example an untrusted certificate or a wrong host name. */
    TLS,
    /** The server answered the upgrade request with an HTTP status other than 101. */
    HTTP_STATUS,
    /**
     * The server's 101 response broke RFC 6455: a wrong accept key, a subprotocol or extension that
     * was not offered.
     */
    PROTOCOL,
    /** The attempt was cancelled or the factory was closed. */
    CANCELLED,
    /** Any other I/O failure, such as the connection reset during the handshake. */
    IO
  }

  private final Kind kind;
  private final int httpStatus;
  private final Map<String, List<String>> responseHeaders;
  private final String responseBody;

  /**
   * Creates a failure of any kind but {@link Kind#HTTP_STATUS}.
   *
   * @param kind what went wrong
   * @param message a description without secrets
   * @param cause the library's exception, or {@code null}
   */
  public ConnectFailedException(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, -1, Map.of(), "");
    if (kind == Kind.HTTP_STATUS) {
      throw new IllegalArgumentException("use ConnectFailedException.httpStatus for HTTP_STATUS");
    }
  }

  private ConnectFailedException(
      Kind kind,
      String message,
      Throwable cause,
      int httpStatus,
      Map<String, List<String>> headers,
      String body) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.httpStatus = httpStatus;
    this.responseHeaders = copyHeaders(headers);
    this.responseBody =
        body.length() > MAX_BODY_SNIPPET ? body.substring(0, MAX_BODY_SNIPPET) : body;
  }

  /**
   * Creates the failure of a handshake that the server rejected with an HTTP status.
   *
   * @param status the HTTP status code, not 101
   * @param headers the response headers; names are matched without regard to case
   * @param body the response body or its start, or {@code null}; only the first {@value
   *     #MAX_BODY_SNIPPET} characters are kept
   * @param cause the library's exception, or {@code null}
   * @throws IllegalArgumentException if {@code status} is not between 100 and 599 or is 101
   */
  public static ConnectFailedException httpStatus(
      int status, Map<String, List<String>> headers, String body, Throwable cause) {
    if (status < 100 || status > 599 || status == 101) {
      throw new IllegalArgumentException(
          "status must be an HTTP status from 100 to 599 other than 101 but was " + status);
    }
    Objects.requireNonNull(headers, "headers");
    return new ConnectFailedException(
        Kind.HTTP_STATUS,
        "WebSocket handshake rejected with HTTP status " + status,
        cause,
        status,
        headers,
        body == null ? "" : body);
  }

  /** Returns what went wrong. */
  public Kind kind() {
    return kind;
  }

  /** Returns the HTTP status of a rejected handshake, or -1 for the other kinds. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Returns the response headers of a rejected handshake, with case-insensitive names, or an empty
   * map.
   */
  public Map<String, List<String>> responseHeaders() {
    return responseHeaders;
  }

  /** Returns the first value of a response header, or {@code null} when it is absent. */
  public String responseHeader(String name) {
    List<String> values = responseHeaders.get(Objects.requireNonNull(name, "name"));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Returns the start of the response body of a rejected handshake, or an empty string. */
  public String responseBody() {
    return responseBody;
  }

  private static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
    if (headers.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) -> {
          if (name != null && values != null) {
            copy.computeIfAbsent(name, key -> new ArrayList<>()).addAll(values);
          }
        });
    copy.replaceAll((name, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(copy);
  }
}
