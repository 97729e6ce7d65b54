package io.partysocket.internal.party;

import java.util.Locale;
import java.util.Objects;

/**
 * The target of a PartyKit URL: host, room, party, prefix, base path, path and protocol, validated
 * and with defaults applied. {@link PartyUrls} turns it into URLs.
 *
 * <p>Values and defaults:
 *
 * <ul>
 *   <li>{@code host} (required): see {@link PartyHost} for the accepted forms.
 *   <li>{@code room}: {@code null} or empty means unset. A location without room and base path is
 *       valid, but {@link PartyUrls} rejects it until one is set.
 *   <li>{@code party}: {@code null} means {@code "main"}; an empty party is rejected because it
 *       would put an empty segment in the URL.
 *   <li>{@code prefix}: {@code null} or empty means {@code "parties"}.
 *   <li>{@code basePath}: {@code null} or empty means unset; when set it replaces {@code
 *       prefix/party/room}. One leading {@code /} is removed, so {@code "/custom/path"} and {@code
 *       "custom/path"} give the same URL; the same applies to {@code prefix}.
 *   <li>{@code path}: {@code null} or empty means none; it must not start with {@code /}.
 *   <li>{@code protocol}: {@code null} or empty means choose from the host; otherwise {@code ws} or
 *       {@code wss} for a {@link Kind#WEBSOCKET} location and {@code http} or {@code https} for an
 *       {@link Kind#HTTP} one, in any case.
 * </ul>
 *
 * <p>Room and party must not be {@code "."} or {@code ".."}, because URL parsers remove such path
 * segments and the request would reach another path.
 *
 * <p>Immutable and thread-safe. The builder is not thread-safe.
 */
public final class PartyLocation {

  /** The default party name. */
  public static final String DEFAULT_PARTY = "main";

  /** The default first path segment before the party name. */
  public static final String DEFAULT_PREFIX = "parties";

  /** The kind of URL a location builds, which decides the pair of schemes. */
  public enum Kind {
    /** WebSocket URLs: {@code ws} or {@code wss}. */
    WEBSOCKET("ws", "wss"),
    /** HTTP URLs for {@code fetch}: {@code http} or {@code https}. */
    HTTP("http", "https");

    private final String insecureScheme;
    private final String secureScheme;

    Kind(String insecureScheme, String secureScheme) {
      this.insecureScheme = insecureScheme;
      this.secureScheme = secureScheme;
    }

    /** Returns the secure scheme if {@code secure}, else the insecure one. */
    public String scheme(boolean secure) {
      return secure ? secureScheme : insecureScheme;
    }
  }

  private final Kind kind;
  private final String host;
  private final PartyHost partyHost;
  private final String room;
  private final String party;
  private final String prefix;
  private final String basePath;
  private final String path;
  private final String protocol;

  private PartyLocation(Builder builder) {
    this.kind = builder.kind;
    this.host = builder.host;
    this.partyHost = PartyHost.parse(builder.host);
    this.room = checkNotDotSegment("room", emptyToNull(builder.room));
    this.party = checkParty(builder.party);
    this.prefix = withoutLeadingSlash(orDefault(builder.prefix, DEFAULT_PREFIX));
    this.basePath = withoutLeadingSlash(emptyToNull(builder.basePath));
    this.path = checkPath(emptyToNull(builder.path));
    this.protocol = checkProtocol(builder.kind, emptyToNull(builder.protocol));
  }

  /** Returns a builder for a location of the given kind. */
  public static Builder builder(Kind kind) {
    return new Builder(Objects.requireNonNull(kind, "kind"));
  }

  /** Returns a builder that starts from this location's values as given. */
  public Builder toBuilder() {
    return new Builder(kind)
        .host(host)
        .room(room)
        .party(party)
        .prefix(prefix)
        .basePath(basePath)
        .path(path)
        .protocol(protocol);
  }

  /** Returns the kind of URL this location builds. */
  public Kind kind() {
    return kind;
  }

  /** Returns the host as given, including any scheme written in front of it. */
  public String host() {
    return host;
  }

  /** Returns the parsed host. */
  public PartyHost partyHost() {
    return partyHost;
  }

  /** Returns the room, or {@code null} if unset. */
  public String room() {
    return room;
  }

  /** Returns the party name; {@code "main"} unless set. */
  public String party() {
    return party;
  }

  /** Returns the prefix without a leading slash; {@code "parties"} unless set. */
  public String prefix() {
    return prefix;
  }

  /** Returns the base path without a leading slash, or {@code null} if unset. */
  public String basePath() {
    return basePath;
  }

  /** Returns the path appended after the room, without a leading slash, or {@code null}. */
  public String path() {
    return path;
  }

  /** Returns the explicit protocol in lower case, or {@code null} to choose from the host. */
  public String protocol() {
    return protocol;
  }

  /** Tells whether a room or a base path is set, so that a URL can be built. */
  public boolean hasRoomOrBasePath() {
    return room != null || basePath != null;
  }

  /**
   * Tells whether URLs use the secure scheme: an explicit protocol decides, else the host does (see
   * {@link PartyHost#secureByDefault()}).
   */
  public boolean secure() {
    if (protocol != null) {
      return protocol.equals(kind.scheme(true));
    }
    return partyHost.secureByDefault();
  }

  /** Returns the scheme of this location's URLs, such as {@code wss}. */
  public String scheme() {
    return kind.scheme(secure());
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof PartyLocation)) {
      return false;
    }
    PartyLocation that = (PartyLocation) other;
    return kind == that.kind
        && host.equals(that.host)
        && Objects.equals(room, that.room)
        && party.equals(that.party)
        && prefix.equals(that.prefix)
        && Objects.equals(basePath, that.basePath)
        && Objects.equals(path, that.path)
        && Objects.equals(protocol, that.protocol);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, host, room, party, prefix, basePath, path, protocol);
  }

  @Override
  public String toString() {
    return "PartyLocation{kind="
        + kind
        + ", host="
        + partyHost
        + ", room="
        + room
        + ", party="
        + party
        + ", prefix="
        + prefix
        + ", basePath="
        + basePath
        + ", path="
        + path
        + ", protocol="
        + protocol
        + "}";
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static String withoutLeadingSlash(String value) {
    return value != null && value.startsWith("/") ? value.substring(1) : value;
  }

  private static String checkParty(String party) {
    if (party == null) {
      return DEFAULT_PARTY;
    }
    if (party.isEmpty()) {
      throw new IllegalArgumentException(
          "party must not be empty; leave it unset (null) for the default \"main\"");
    }
    return checkNotDotSegment("party", party);
  }

  private static String checkNotDotSegment(String name, String value) {
    if (".".equals(value) || "..".equals(value)) {
      throw new IllegalArgumentException(
          name
              + " must not be \".\" or \"..\", which URL parsers remove from the path, but was \""
              + value
              + "\"");
    }
    return value;
  }

  private static String checkPath(String path) {
    if (path != null && path.startsWith("/")) {
      throw new IllegalArgumentException(
          "path must not start with a slash; write \"" + path.substring(1) + "\" instead");
    }
    return path;
  }

  private static String checkProtocol(Kind kind, String protocol) {
    if (protocol == null) {
      return null;
    }
    String lower = protocol.toLowerCase(Locale.ROOT);
    if (!lower.equals(kind.scheme(false)) && !lower.equals(kind.scheme(true))) {
      throw new IllegalArgumentException(
          "protocol must be \""
              + kind.scheme(false)
              + "\" or \""
              + kind.scheme(true)
              + "\" (or unset to choose from the host) but was \""
              + protocol
              + "\"");
    }
    return lower;
  }

  /**
   * Collects the values of a {@link PartyLocation}. Every setter accepts {@code null} to unset the
   * value; {@link #build()} validates them.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {

    private final Kind kind;
    private String host;
    private String room;
    private String party;
    private String prefix;
    private String basePath;
    private String path;
    private String protocol;

    private Builder(Kind kind) {
      this.kind = kind;
    }

    /** Sets the host, such as {@code "example.com"} or {@code "localhost:1999"}; required. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Sets the room. */
    public Builder room(String room) {
      this.room = room;
      return this;
    }

    /** Sets the party name; {@code "main"} if unset. */
    public Builder party(String party) {
      this.party = party;
      return this;
    }

    /** Sets the first path segments before the party name; {@code "parties"} if unset. */
    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /** Sets the path that replaces {@code prefix/party/room}. */
    public Builder basePath(String basePath) {
      this.basePath = basePath;
      return this;
    }

    /** Sets the path appended after the room or base path; must not start with {@code /}. */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** Sets the scheme; chosen from the host if unset. */
    public Builder protocol(String protocol) {
      this.protocol = protocol;
      return this;
    }

    /**
     * Validates the values and returns the location.
     *
     * @throws IllegalStateException if no host is set
     * @throws IllegalArgumentException if a value is invalid; the message names it and the fix
     */
    public PartyLocation build() {
      if (host == null) {
        throw new IllegalStateException(
            "host must be set before build(); call host(\"example.com\") or similar");
      }
      return new PartyLocation(this);
    }
  }
}
