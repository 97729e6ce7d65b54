package io.partysocket.spi;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * What to connect to and how. The builder validates every value, so a transport can rely on them.
 *
 * <p>Instances are immutable, except for the {@link SSLContext} and {@link SSLParameters} objects,
 * which are shared as given and must not be changed afterwards. {@link #toString()} leaves out the
 * URI's query and the header values, because they may carry credentials.
 */
public final class ConnectRequest {

  /** The connect timeout used when none is set: 30 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** The close timeout used when none is set: 5 seconds. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /** The inbound message size limit used when none is set: 16 MiB. */
  public static final long DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 16L * 1024 * 1024;

  /**
   * Header names the transport or the WebSocket protocol sets itself, in lower case. Subprotocols
   * go through {@link Builder#subprotocols}.
   */
  public static final Set<String> RESERVED_HEADERS =
      Set.of(
          "host",
          "connection",
          "upgrade",
          "content-length",
          "transfer-encoding",
          "sec-websocket-key",
          "sec-websocket-version",
          "sec-websocket-accept",
          "sec-websocket-protocol",
          "sec-websocket-extensions");

  private final URI uri;
  private final List<String> subprotocols;
  private final Map<String, List<String>> headers;
  private final Duration connectTimeout;
  private final Duration closeTimeout;
  private final long maxInboundMessageBytes;
  private final boolean compression;
  private final SSLContext sslContext;
  private final SSLParameters sslParameters;
  private final Duration heartbeatInterval;

  private ConnectRequest(Builder builder) {
    this.uri = builder.uri;
    this.subprotocols = List.copyOf(builder.subprotocols);
    LinkedHashMap<String, List<String>> headerCopy = new LinkedHashMap<>();
    builder.headers.forEach((name, values) -> headerCopy.put(name, List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(headerCopy);
    this.connectTimeout = builder.connectTimeout;
    this.closeTimeout = builder.closeTimeout;
    this.maxInboundMessageBytes = builder.maxInboundMessageBytes;
    this.compression = builder.compression;
    this.sslContext = builder.sslContext;
    this.sslParameters = builder.sslParameters;
    this.heartbeatInterval = builder.heartbeatInterval;
  }

  /**
   * Returns a builder for a request to {@code uri}.
   *
   * @param uri an absolute {@code ws} or {@code wss} URI with a host and no fragment
   * @throws IllegalArgumentException if the URI is not such a URI
   */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /**
   * Returns a builder holding this request's values, to derive a changed copy; a decorator that
   * alters one value keeps every other, including values added to this class later.
   */
  public Builder toBuilder() {
    Builder builder =
        new Builder(uri)
            .subprotocols(subprotocols)
            .connectTimeout(connectTimeout)
            .closeTimeout(closeTimeout)
            .maxInboundMessageBytes(maxInboundMessageBytes)
            .compression(compression)
            .sslContext(sslContext)
            .sslParameters(sslParameters)
            .heartbeatInterval(heartbeatInterval);
    headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
    return builder;
  }

  /** Returns the {@code ws} or {@code wss} URI to connect to. */
  public URI uri() {
    return uri;
  }

  /** Returns whether the URI's scheme is {@code wss}. */
  public boolean secure() {
    return "wss".equalsIgnoreCase(uri.getScheme());
  }

  /**
   * Returns the port to connect to: the URI's port, or 443 for {@code wss} and 80 for {@code ws}.
   */
  public int port() {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return secure() ? 443 : 80;
  }

  /** Returns the subprotocols to offer, in order of preference; may be empty. */
  public List<String> subprotocols() {
    return subprotocols;
  }

  /**
   * Returns the extra request headers in the order they were added. Names are as given; none is in
   * {@link #RESERVED_HEADERS}.
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** Returns the deadline for the whole opening handshake, TCP and TLS included. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Returns how long to wait for the peer's close frame after sending one before aborting the
   * connection.
   */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /**
   * Returns the largest inbound message, in bytes of payload, that the transport accepts. A larger
   * message ends the connection with close code 1009.
   */
  public long maxInboundMessageBytes() {
    return maxInboundMessageBytes;
  }

  /** Returns whether to offer the permessage-deflate extension. */
  public boolean compression() {
    return compression;
  }

  /** Returns the TLS context for {@code wss}, or {@code null} for the JVM's default. */
  public SSLContext sslContext() {
    return sslContext;
  }

  /** Returns the TLS parameters for {@code wss}, or {@code null} for the transport's default. */
  public SSLParameters sslParameters() {
    return sslParameters;
  }

  /**
   * Returns the interval of the transport's own liveness check, or {@link Duration#ZERO} when it is
   * off. Only transports with {@link TransportCapabilities#nativeHeartbeat()} read it.
   */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  @Override
  public String toString() {
    return "ConnectRequest[uri="
        + redactedUri()
        + ", subprotocols="
        + subprotocols
        + ", headers="
        + headers.keySet()
        + ", connectTimeout="
        + connectTimeout
        + ", closeTimeout="
        + closeTimeout
        + ", maxInboundMessageBytes="
        + maxInboundMessageBytes
        + ", compression="
        + compression
        + "]";
  }

  /** Returns the URI without its query and user information, for logs and messages. */
  public String redactedUri() {
    return redacted(uri);
  }

  private static String redacted(URI uri) {
    StringBuilder text = new StringBuilder();
    text.append(uri.getScheme()).append("://");
    if (uri.getHost() != null) {
      text.append(uri.getHost());
      if (uri.getPort() != -1) {
        text.append(':').append(uri.getPort());
      }
    } else if (uri.getRawAuthority() != null) {
      // A registry-based authority such as "h:99999999999" or "u@:80". User information is dropped.
      String authority = uri.getRawAuthority();
      text.append(authority.substring(authority.lastIndexOf('@') + 1));
    }
    if (uri.getRawPath() != null) {
      text.append(uri.getRawPath());
    }
    if (uri.getRawQuery() != null) {
      text.append("?<redacted>");
    }
    return text.toString();
  }

  /** Builds a {@link ConnectRequest}, checking each value as it is set. Not thread-safe. */
  public static final class Builder {
    private final URI uri;
    private final List<String> subprotocols = new ArrayList<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private long maxInboundMessageBytes = DEFAULT_MAX_INBOUND_MESSAGE_BYTES;
    private boolean compression;
    private SSLContext sslContext;
    private SSLParameters sslParameters;
    private Duration heartbeatInterval = Duration.ZERO;

    private Builder(URI uri) {
      this.uri = requireWebSocketUri(uri);
    }

    /**
     * Sets the subprotocols to offer, replacing earlier ones.
     *
     * @throws IllegalArgumentException if a name is empty, is not an HTTP token, or repeats
     */
    public Builder subprotocols(List<String> names) {
      Objects.requireNonNull(names, "subprotocols");
      List<String> checked = new ArrayList<>(names.size());
      for (int i = 0; i < names.size(); i++) {
        String name = Objects.requireNonNull(names.get(i), "subprotocols[" + i + "]");
        if (!isToken(name)) {
          throw new IllegalArgumentException(
              "subprotocols["
                  + i
                  + "] must be a non-empty HTTP token (letters, digits and !#$%&'*+-.^_`|~)"
                  + " but was \""
                  + printable(name)
                  + "\"; remove spaces, separators and control characters");
        }
        if (checked.contains(name)) {
          throw new IllegalArgumentException(
              "subprotocols must be distinct but was "
                  + printable(String.valueOf(names))
                  + "; offer \""
                  + name
                  + "\" only once");
        }
        checked.add(name);
      }
      subprotocols.clear();
      subprotocols.addAll(checked);
      return this;
    }

    /**
     * Adds a request header value; calling it again with the same name adds another value.
     *
     * @throws IllegalArgumentException if the name is not an HTTP token, is reserved (see {@link
     *     #RESERVED_HEADERS}), or the value has a character that an HTTP field value cannot carry,
     *     which is a control character other than horizontal tab or a character above U+00FF
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "header name");
      Objects.requireNonNull(value, "header value");
      if (!isToken(name)) {
        throw new IllegalArgumentException(
            "header name must be a non-empty HTTP token (letters, digits and !#$%&'*+-.^_`|~)"
                + " but was \""
                + printable(name)
                + "\"");
      }
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "header \""
                + name
                + "\" is set by the WebSocket handshake itself; remove it"
                + (name.equalsIgnoreCase("sec-websocket-protocol")
                    ? " and pass the subprotocols instead"
                    : ""));
      }
      int bad = invalidFieldValueIndex(value);
      if (bad >= 0) {
        // The value itself may be a credential, so the message gives only its name and position.
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "value of header \"%s\" must contain only visible characters, spaces, tabs and"
                    + " U+0080-U+00FF but has U+%04X at index %d; remove that character",
                name,
                (int) value.charAt(bad),
                bad));
      }
      String key = existingName(name);
      headers.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * Sets the deadline for the whole opening handshake.
     *
     * @throws IllegalArgumentException if the duration is zero or negative
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requirePositive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long to wait for the peer's close frame.
     *
     * @throws IllegalArgumentException if the duration is zero or negative
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = requirePositive(timeout, "closeTimeout");
      return this;
    }

    /**
     * Sets the largest inbound message in bytes.
     *
     * @throws IllegalArgumentException if {@code bytes} is less than 1
     */
    public Builder maxInboundMessageBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException(
            "maxInboundMessageBytes must be at least 1 but was " + bytes);
      }
      this.maxInboundMessageBytes = bytes;
      return this;
    }

    /** Sets whether to offer permessage-deflate. */
    public Builder compression(boolean offer) {
      this.compression = offer;
      return this;
    }

    /** Sets the TLS context, or {@code null} for the JVM's default. */
    public Builder sslContext(SSLContext context) {
      this.sslContext = context;
      return this;
    }

    /** Sets the TLS parameters, or {@code null} for the transport's default. */
    public Builder sslParameters(SSLParameters parameters) {
      this.sslParameters = parameters;
      return this;
    }

    /**
     * Sets the interval of the transport's own liveness check; {@link Duration#ZERO} turns it off.
     *
     * @throws IllegalArgumentException if the duration is negative
     */
    public Builder heartbeatInterval(Duration interval) {
      Objects.requireNonNull(interval, "heartbeatInterval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException(
            "heartbeatInterval must be zero or positive but was " + interval);
      }
      this.heartbeatInterval = interval;
      return this;
    }

    /** Returns the request. */
    public ConnectRequest build() {
      return new ConnectRequest(this);
    }

    private String existingName(String name) {
      for (String existing : headers.keySet()) {
        if (existing.equalsIgnoreCase(name)) {
          return existing;
        }
      }
      return name;
    }
  }

  private static URI requireWebSocketUri(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))
        || uri.isOpaque()) {
      throw new IllegalArgumentException(
          "uri must be an absolute ws:// or wss:// URI but had scheme "
              + (scheme == null ? "none" : "\"" + scheme + "\""));
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(
          "uri must have a host name or IP address, with an optional port in 0-65535, as in"
              + " ws://host:port/path, but was \""
              + redacted(uri)
              + "\"");
    }
    if (uri.getPort() > 65535) {
      throw new IllegalArgumentException(
          "uri port must be in 0-65535 but was " + uri.getPort() + " in \"" + redacted(uri) + "\"");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "uri must not have a fragment (#...); a WebSocket URI cannot carry one");
    }
    return uri;
  }

  private static Duration requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
    return value;
  }

  /**
   * Returns the index of the first character that an HTTP field value cannot carry, or -1. RFC 9110
   * section 5.5 allows visible ASCII, space, horizontal tab and the octets 0x80-0xFF (obs-text).
   */
  static int invalidFieldValueIndex(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed = c == '\t' || (c >= 0x20 && c < 0x7F) || (c >= 0x80 && c <= 0xFF);
      if (!allowed) {
        return i;
      }
    }
    return -1;
  }

  /** Returns {@code text} with each control character written as {@code \\uXXXX}. */
  private static String printable(String text) {
    StringBuilder result = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        result.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        result.append(c);
      }
    }
    return result.toString();
  }

  /** Returns whether {@code text} is an HTTP token (RFC 9110 section 5.6.2). */
  static boolean isToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
