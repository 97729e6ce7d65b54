package io.partysocket;

import io.partysocket.internal.party.PartyLocation;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The options of {@code PartySocket.fetch}: the PartyKit room it addresses and the HTTP request.
 *
 * <p>The URL is built like a PartySocket's room URL, with {@code http} or {@code https} in place of
 * {@code ws} or {@code wss} and without the {@code _pk} connection id: {@code
 * scheme://host/prefix/party/room/path?query}, or {@code scheme://host/basePath/path?query} when a
 * base path is set. Without an explicit {@link Builder#protocol(String) protocol}, a scheme written
 * in the host decides ({@code ws}/{@code http} are insecure, {@code wss}/{@code https} secure),
 * else {@code localhost}, loopback and private IPv4 addresses get {@code http} and every other host
 * {@code https}. Room, party and path segments are percent-encoded, so they are given as plain
 * text. A {@code ?} always follows the path, even with no query parameters.
 *
 * <p>Defaults: party {@code "main"}, prefix {@code "parties"}, no base path, no path, no query,
 * method {@code GET}, no headers, no body, no timeout, and a shared {@link HttpClient} that does
 * not follow redirects.
 *
 * <pre>{@code
 * PartyFetchOptions options = PartyFetchOptions.builder()
 *     .host("localhost:1999")
 *     .room("my-room")
 *     .query(Map.of("token", token))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe, provided the body publisher, query provider and client given to the
 * builder are. The {@link Builder} is not thread-safe.
 */
public final class PartyFetchOptions {

  private final PartyLocation location;
  private final QueryProvider query;
  private final String method;
  private final Map<String, List<String>> headers;
  private final BodyPublisher bodyPublisher;
  private final Duration timeout;
  private final HttpClient httpClient;

  private PartyFetchOptions(Builder builder, PartyLocation location) {
    this.location = location;
    this.query = builder.query;
    this.method = builder.method;
    this.headers = copyHeaders(builder.headers);
    this.bodyPublisher = builder.bodyPublisher;
    this.timeout = builder.timeout;
    this.httpClient = builder.httpClient;
  }

  /** Returns a new builder with every value at its default and no host or room. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from this instance's values. */
  public Builder toBuilder() {
    Builder builder =
        new Builder()
            .host(location.host())
            .room(location.room())
            .party(location.party())
            .prefix(location.prefix())
            .basePath(location.basePath())
            .path(location.path())
            .protocol(location.protocol())
            .query(query)
            .method(method)
            .body(bodyPublisher)
            .timeout(timeout)
            .httpClient(httpClient);
    headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
    return builder;
  }

  /** Returns the host as given, for example {@code "example.com"} or {@code "localhost:1999"}. */
  public String host() {
    return location.host();
  }

  /** Returns the room, unless a base path takes its place. */
  public Optional<String> room() {
    return Optional.ofNullable(location.room());
  }

  /** Returns the party name; {@code "main"} by default. */
  public String party() {
    return location.party();
  }

  /** Returns the path segments before the party name; {@code "parties"} by default. */
  public String prefix() {
    return location.prefix();
  }

  /** Returns the path that replaces {@code prefix/party/room}, without a leading slash. */
  public Optional<String> basePath() {
    return Optional.ofNullable(location.basePath());
  }

  /** Returns the path appended after the room or base path. */
  public Optional<String> path() {
    return Optional.ofNullable(location.path());
  }

  /** Returns the explicit scheme, {@code "http"} or {@code "https"}, if one was given. */
  public Optional<String> protocol() {
    return Optional.ofNullable(location.protocol());
  }

  /** Returns the provider of the query parameters; {@link QueryProvider#NONE} by default. */
  public QueryProvider query() {
    return query;
  }

  /** Returns the HTTP method; {@code GET} by default. */
  public String method() {
    return method;
  }

  /**
   * Returns the request headers: an unmodifiable map in the order the names were first added, each
   * name with its values in order. Names that differ only in case share one entry.
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** Returns the request body, if any; without one the request has no body. */
  public Optional<BodyPublisher> bodyPublisher() {
    return Optional.ofNullable(bodyPublisher);
  }

  /** Returns the time allowed until the response headers arrive, if limited. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** Returns the client that sends the request, if the caller supplied one. */
  public Optional<HttpClient> httpClient() {
    return Optional.ofNullable(httpClient);
  }

  /** Returns a description with header names but without header values or query parameters. */
  @Override
  public String toString() {
    return "PartyFetchOptions{"
        + method
        + " "
        + location
        + ", headers="
        + headers.keySet()
        + ", body="
        + (bodyPublisher == null ? "none" : "present")
        + ", timeout="
        + timeout
        + ", httpClient="
        + (httpClient == null ? "shared default" : "supplied")
        + "}";
  }

  private static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Collects the values of a {@link PartyFetchOptions}. Setters of optional values accept {@code
   * null} to go back to the default.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {

    private String host;
    private String room;
    private String party;
    private String prefix;
    private String basePath;
    private String path;
    private String protocol;
    private QueryProvider query = QueryProvider.NONE;
    private String method = "GET";
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private BodyPublisher bodyPublisher;
    private Duration timeout;
    private HttpClient httpClient;

    private Builder() {}

    /**
     * Sets the host (required): a name or address with an optional port and path prefix, such as
     * {@code "example.com"}, {@code "localhost:1999"} or {@code "example.com/sub"}, optionally
     * after {@code http://}, {@code https://}, {@code ws://} or {@code wss://}.
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Sets the room; required unless a base path is set. */
    public Builder room(String room) {
      this.room = room;
      return this;
    }

    /** Sets the party name; {@code "main"} if unset. */
    public Builder party(String party) {
      this.party = party;
      return this;
    }

    /** Sets the path segments before the party name; {@code "parties"} if unset. */
    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /**
     * Sets the path that replaces {@code prefix/party/room}, such as {@code "custom/base"}; one
     * leading {@code /} is ignored.
     */
    public Builder basePath(String basePath) {
      this.basePath = basePath;
      return this;
    }

    /** Sets the path appended after the room or base path; it must not start with {@code /}. */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** Sets the scheme, {@code "http"} or {@code "https"}; chosen from the host if unset. */
    public Builder protocol(String protocol) {
      this.protocol = protocol;
      return this;
    }

    /**
     * Sets the provider of the query parameters, resolved once per fetch. A provider that throws,
     * returns {@code null} or whose stage fails or completes with {@code null} makes that fetch
     * fail.
     */
    public Builder query(QueryProvider query) {
      this.query = query == null ? QueryProvider.NONE : query;
      return this;
    }

    /**
     * Sets fixed query parameters, copied now in the map's iteration order; entries with a {@code
     * null} value are left out of the URL.
     */
    public Builder query(Map<String, String> parameters) {
      this.query = parameters == null ? QueryProvider.NONE : QueryProvider.of(parameters);
      return this;
    }

    /**
     * Sets the HTTP method, such as {@code "POST"}; {@code GET} if unset.
     *
     * @throws IllegalArgumentException if {@code method} is not a method {@link HttpClient} sends
     */
    public Builder method(String method) {
      if (method == null) {
        this.method = "GET";
        return this;
      }
      try {
        HttpRequest.newBuilder().method(method, HttpRequest.BodyPublishers.noBody());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "method must be an HTTP method that java.net.http.HttpClient sends, such as GET or"
                + " POST, but was \""
                + method
                + "\"",
            e);
      }
      this.method = method;
      return this;
    }

    /**
     * Adds a request header value; earlier values of the same name are kept.
     *
     * @throws IllegalArgumentException if the name or value is invalid, or the name is one that
     *     {@link HttpClient} sets itself (such as {@code Host}, {@code Connection} or {@code
     *     Content-Length})
     */
    public Builder header(String name, String value) {
      checkHeader(name, value);
      headers.computeIfAbsent(existingName(name), key -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * Sets a request header to one value, replacing every earlier value of that name.
     *
     * @throws IllegalArgumentException as {@link #header(String, String)}
     */
    public Builder setHeader(String name, String value) {
      checkHeader(name, value);
      headers.remove(existingName(name));
      headers.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
      return this;
    }

    /** Sets the request body; the request has no body if unset. */
    public Builder body(BodyPublisher bodyPublisher) {
      this.bodyPublisher = bodyPublisher;
      return this;
    }

    /**
     * Sets the time allowed until the response headers arrive; after it the fetch fails with {@link
     * java.net.http.HttpTimeoutException}. Unlimited if unset.
     *
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
        throw new IllegalArgumentException("timeout must be positive but was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the client that sends the request, for example one that follows redirects or uses a
     * proxy. If unset, a shared client that does not follow redirects sends it, so the caller
     * receives a redirect response as it is.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /**
     * Validates the values and returns the options.
     *
     * @throws IllegalStateException if no host is set, or neither room nor base path is set
     * @throws IllegalArgumentException if a value is invalid, for example a path that starts with
     *     {@code /} or a protocol other than {@code http} or {@code https}
     */
    public PartyFetchOptions build() {
      if (host == null) {
        throw new IllegalStateException(
            "host must be set before build(); call host(\"example.com\") or similar");
      }
      PartyLocation location =
          PartyLocation.builder(PartyLocation.Kind.HTTP)
              .host(host)
              .room(room)
              .party(party)
              .prefix(prefix)
              .basePath(basePath)
              .path(path)
              .protocol(protocol)
              .build();
      if (!location.hasRoomOrBasePath()) {
        throw new IllegalStateException(
            "room or basePath must be set before build(); call room(\"...\") or basePath(\"...\")");
      }
      return new PartyFetchOptions(this, location);
    }

    /** Returns the spelling under which a header name is already stored, or {@code name}. */
    private String existingName(String name) {
      for (String stored : headers.keySet()) {
        if (stored.equalsIgnoreCase(name)) {
          return stored;
        }
      }
      return name;
    }

    private static void checkHeader(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      try {
        HttpRequest.newBuilder().header(name, value);
      } catch (IllegalArgumentException e) {
        // The JDK's message may quote the value, which can hold a credential, so it is not kept.
        throw new IllegalArgumentException(
            "header \""
                + name
                + "\" must have a valid name and value and must not be one that"
                + " java.net.http.HttpClient sets itself (Connection, Content-Length, Expect,"
                + " Host, Upgrade)");
      }
    }
  }
}
