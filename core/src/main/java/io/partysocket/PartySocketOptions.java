package io.partysocket;

import io.partysocket.internal.party.PartyLocation;
import io.partysocket.internal.party.PartyUrls;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of a {@link PartySocket}: where the PartyKit room is, who the client is, and the
 * {@link WebSocketOptions} of the reconnecting socket underneath.
 *
 * <p>The socket URL is {@code scheme://host/prefix/party/room/path?_pk=id&query}, or {@code
 * scheme://host/basePath/path?_pk=id&query} when a base path is set. The scheme is the explicit
 * {@link Builder#protocol(String) protocol} if set, else a scheme written in the host ({@code
 * ws}/{@code http} give {@code ws}, {@code wss}/{@code https} give {@code wss}), else {@code ws}
 * for {@code localhost}, 127.0.0.0/8, ::1, 10/8, 172.16/12 and 192.168/16 with or without a port,
 * and {@code wss} for every other host. Room, party, base path and path are plain text and are
 * percent-encoded per path segment.
 *
 * <p>Defaults: party {@code "main"}, prefix {@code "parties"}, a random UUID as id, no query, no
 * subprotocols, name validation on, and {@link WebSocketOptions#defaults()}.
 *
 * <p>Immutable and thread-safe, provided the providers given to the builder are. The {@link
 * Builder} is not thread-safe.
 */
public final class PartySocketOptions {

  private final PartyLocation location;
  private final String id;
  private final QueryProvider query;
  private final ProtocolsProvider protocols;
  private final boolean disableNameValidation;
  private final WebSocketOptions socketOptions;

  private PartySocketOptions(Builder builder, PartyLocation location) {
    this.location = location;
    this.id = builder.id;
    this.query = builder.query;
    this.protocols = builder.protocols;
    this.disableNameValidation = builder.disableNameValidation;
    this.socketOptions = builder.socketOptions;
  }

  /** Returns a builder with every default and no host. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding these options, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .host(location.host())
        .room(location.room())
        .party(location.party())
        .prefix(location.prefix())
        .basePath(location.basePath())
        .path(location.path())
        .protocol(location.protocol())
        .id(id)
        .query(query)
        .protocols(protocols)
        .disableNameValidation(disableNameValidation)
        .socketOptions(socketOptions);
  }

  /** The host as given, with a port and a scheme if they were written in it. */
  public String host() {
    return location.host();
  }

  /** The room, or {@code null}. */
  public String room() {
    return location.room();
  }

  /** The party. Default {@code "main"}. */
  public String party() {
    return location.party();
  }

  /** The first path segments before the party. Default {@code "parties"}. */
  public String prefix() {
    return location.prefix();
  }

  /** The path that replaces {@code prefix/party/room}, or {@code null}. */
  public String basePath() {
    return location.basePath();
  }

  /** The path after the room or base path, or {@code null}. */
  public String path() {
    return location.path();
  }

  /** The scheme, {@code "ws"} or {@code "wss"}, or {@code null} to choose from the host. */
  public String protocol() {
    return location.protocol();
  }

  /** The connection id sent as {@code _pk}, or {@code null} for a random one. */
  public String id() {
    return id;
  }

  /** The query parameters, resolved on every attempt. */
  public QueryProvider query() {
    return query;
  }

  /** The subprotocols, resolved on every attempt. */
  public ProtocolsProvider protocols() {
    return protocols;
  }

  /** Whether the warnings for {@code /} in room and party names are off. Default false. */
  public boolean disableNameValidation() {
    return disableNameValidation;
  }

  /** The options of the reconnecting socket. */
  public WebSocketOptions socketOptions() {
    return socketOptions;
  }

  PartyLocation location() {
    return location;
  }

  /** Builds {@link PartySocketOptions}. Setters accept {@code null} to unset a value. */
  public static final class Builder {
    private final PartyLocation.Builder location =
        PartyLocation.builder(PartyLocation.Kind.WEBSOCKET);
    private String id;
    private QueryProvider query = QueryProvider.NONE;
    private ProtocolsProvider protocols = ProtocolsProvider.NONE;
    private boolean disableNameValidation;
    private WebSocketOptions socketOptions = WebSocketOptions.defaults();
    private boolean hostSet;

    private Builder() {}

    /**
     * Sets the host, such as {@code "my-party.user.partykit.dev"} or {@code "localhost:1999"}; a
     * scheme may be written in front of it. Required.
     */
    public Builder host(String host) {
      location.host(host);
      hostSet = host != null;
      return this;
    }

    /** Sets the room. */
    public Builder room(String room) {
      location.room(room);
      return this;
    }

    /** Sets the party; {@code null} means {@code "main"}. */
    public Builder party(String party) {
      location.party(party);
      return this;
    }

    /** Sets the first path segments before the party; {@code null} means {@code "parties"}. */
    public Builder prefix(String prefix) {
      location.prefix(prefix);
      return this;
    }

    /** Sets the path that replaces {@code prefix/party/room}. */
    public Builder basePath(String basePath) {
      location.basePath(basePath);
      return this;
    }

    /** Sets the path after the room or base path; it must not start with {@code /}. */
    public Builder path(String path) {
      location.path(path);
      return this;
    }

    /** Sets the scheme, {@code "ws"} or {@code "wss"}; {@code null} chooses from the host. */
    public Builder protocol(String protocol) {
      location.protocol(protocol);
      return this;
    }

    /**
     * Sets the connection id sent as {@code _pk}; {@code null} or empty keeps a random UUID. It
     * must be unique per connection, not per user: two tabs or devices need two ids.
     */
    public Builder id(String id) {
      this.id = id == null || id.isEmpty() ? null : id;
      return this;
    }

    /**
     * Sets the query parameters, resolved on every attempt. A name that is {@code null}, empty or
     * {@code _pk} makes that attempt fail with an error event.
     */
    public Builder query(QueryProvider query) {
      this.query = Objects.requireNonNull(query, "query");
      return this;
    }

    /**
     * Sets fixed query parameters, checked now. Entries with a {@code null} value are left out.
     *
     * @throws IllegalArgumentException if a name is {@code null}, empty or {@code _pk}; set the
     *     connection id with {@link #id(String)}
     */
    public Builder query(Map<String, String> query) {
      PartyUrls.checkSocketQuery(Objects.requireNonNull(query, "query"));
      return query(QueryProvider.of(query));
    }

    /** Sets the subprotocols, resolved on every attempt. */
    public Builder protocols(ProtocolsProvider protocols) {
      this.protocols = Objects.requireNonNull(protocols, "protocols");
      return this;
    }

    /** Turns off the warnings logged for {@code /} in room and party names. */
    public Builder disableNameValidation(boolean disable) {
      this.disableNameValidation = disable;
      return this;
    }

    /** Sets the options of the reconnecting socket. */
    public Builder socketOptions(WebSocketOptions options) {
      this.socketOptions = Objects.requireNonNull(options, "socketOptions");
      return this;
    }

    /**
     * Returns the options.
     *
     * @throws IllegalStateException if no host is set
     * @throws IllegalArgumentException if a value is invalid; the message names it and the fix
     */
    public PartySocketOptions build() {
      if (!hostSet) {
        throw new IllegalStateException(
            "host must be set before build(); call host(\"my-party.user.partykit.dev\") or"
                + " host(\"localhost:1999\")");
      }
      return new PartySocketOptions(this, location.build());
    }
  }
}
