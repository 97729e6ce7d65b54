package io.partysocket;

import io.partysocket.internal.party.PartyFetcher;
import io.partysocket.internal.party.PartyLocation;
import io.partysocket.internal.party.PartyUrls;
import java.lang.System.Logger.Level;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A {@link ReconnectingWebSocket} for a PartyKit room, the Java port of PartySocket.
 *
 * <pre>{@code
 * PartySocket socket = new PartySocket(PartySocketOptions.builder()
 *     .host("my-party.user.partykit.dev")
 *     .room("my-room")
 *     .query(QueryProvider.async(() -> tokens.fresh().thenApply(t -> Map.of("token", t))))
 *     .build());
 * socket.addEventListener(EventType.MESSAGE, event -> System.out.println(event.text()));
 * }</pre>
 *
 * <p>Every attempt builds its URL from the current properties (see {@link PartySocketOptions} for
 * the rules) and resolves the query provider again, so a token can be refreshed per attempt. {@link
 * #updateProperties(Consumer)} changes the properties for the next attempt; call {@link
 * #reconnect()} to apply them now.
 *
 * <p>Thread-safe, like {@link ReconnectingWebSocket}.
 */
public class PartySocket extends ReconnectingWebSocket {

  private static final System.Logger LOGGER = System.getLogger(PartySocket.class.getName());

  private final State state;

  /**
   * Creates the socket and connects, unless {@code startClosed}.
   *
   * @throws IllegalArgumentException if neither room nor base path is set and the socket does not
   *     start closed, or the transport name matches no transport
   * @throws IllegalStateException if no transport is on the class path
   */
  public PartySocket(PartySocketOptions options) {
    this(Objects.requireNonNull(options, "options"), new State(options));
  }

  private PartySocket(PartySocketOptions options, State state) {
    super(state::resolveUrl, state::resolveProtocols, options.socketOptions(), false);
    this.state = state;
    if (!options.socketOptions().startClosed() && !options.location().hasRoomOrBasePath()) {
      throw new IllegalArgumentException(
          "Either room or basePath must be provided to connect; set room(\"...\") or"
              + " basePath(\"...\"), or use startClosed(true) and call updateProperties() and"
              + " reconnect() later");
    }
    warnAboutNames(options);
    start();
  }

  /**
   * Changes the properties for the next attempt, starting from the current ones: only what {@code
   * changes} sets is different. The id stays unless {@code changes} sets a new one. This does not
   * reconnect; call {@link #reconnect()} to move the connection now.
   *
   * @throws IllegalArgumentException if a new value is invalid; nothing changes then
   */
  public void updateProperties(Consumer<PartySocketOptions.Builder> changes) {
    Objects.requireNonNull(changes, "changes");
    PartySocketOptions next;
    synchronized (state) {
      PartySocketOptions.Builder builder = state.options.toBuilder();
      changes.accept(builder);
      next = builder.build();
      state.update(next);
    }
    replaceSettings(state::resolveUrl, state::resolveProtocols, next.socketOptions());
    warnAboutNames(next);
  }

  /**
   * Reconnects now with the current properties; see {@link ReconnectingWebSocket#reconnect(int,
   * String)}.
   *
   * @throws IllegalStateException if neither room nor base path is set
   */
  @Override
  public void reconnect(int code, String reason) {
    if (!state.snapshot().location().hasRoomOrBasePath()) {
      throw new IllegalStateException(
          "The room (or basePath) must be set before connecting; call updateProperties(p ->"
              + " p.room(\"...\")) first");
    }
    super.reconnect(code, reason);
  }

  /** Returns the connection id sent as {@code _pk}. */
  public String id() {
    return state.id();
  }

  /** Returns the room URL without the query, or an empty string while no room is set. */
  public String roomUrl() {
    PartyLocation location = state.snapshot().location();
    return location.hasRoomOrBasePath() ? PartyUrls.roomUrl(location) : "";
  }

  /** Returns the party name. */
  public String name() {
    return state.snapshot().party();
  }

  /** Returns the room, or an empty string. */
  public String room() {
    return orEmpty(state.snapshot().room());
  }

  /** Returns the host without a scheme written in it and without a trailing {@code /}. */
  public String host() {
    return state.snapshot().location().partyHost().address();
  }

  /** Returns the path after the room, without a leading {@code /}, or an empty string. */
  public String path() {
    return orEmpty(state.snapshot().path());
  }

  /** Returns the base path, or an empty string. */
  public String basePath() {
    return orEmpty(state.snapshot().basePath());
  }

  /** Returns the current properties, including changes made by {@link #updateProperties}. */
  public PartySocketOptions properties() {
    return state.snapshot();
  }

  /**
   * Sends an HTTP request to the room's HTTP URL, built like the socket URL with {@code http} or
   * {@code https} and without {@code _pk}; the body is read as a string.
   *
   * @return the response; it fails when the query provider or the request fails
   */
  public static CompletableFuture<HttpResponse<String>> fetch(PartyFetchOptions options) {
    return PartyFetcher.fetch(options, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends an HTTP request to the room's HTTP URL, handling the body with {@code handler}.
   *
   * @return the response; it fails when the query provider or the request fails
   */
  public static <T> CompletableFuture<HttpResponse<T>> fetch(
      PartyFetchOptions options, HttpResponse.BodyHandler<T> handler) {
    return PartyFetcher.fetch(options, handler);
  }

  private static void warnAboutNames(PartySocketOptions options) {
    if (options.disableNameValidation()) {
      return;
    }
    for (String warning : PartyUrls.nameWarnings(options.location())) {
      LOGGER.log(Level.WARNING, warning);
    }
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  /** The current properties and id; the providers read them on every attempt. */
  private static final class State {
    private volatile PartySocketOptions options;
    private volatile String id;

    State(PartySocketOptions options) {
      this.options = options;
      this.id = options.id() != null ? options.id() : PartyUrls.randomId();
    }

    PartySocketOptions snapshot() {
      return options;
    }

    String id() {
      return id;
    }

    /** Replaces the properties; the id changes only when the new options carry one. */
    void update(PartySocketOptions next) {
      if (next.id() != null) {
        id = next.id();
      }
      options = next;
    }

    CompletionStage<String> resolveUrl() {
      PartySocketOptions current = options;
      String currentId = id;
      CompletionStage<Map<String, String>> query = current.query().resolve();
      if (query == null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("query provider returned null instead of a stage"));
      }
      return query.thenApply(
          parameters -> {
            if (parameters == null) {
              throw new IllegalStateException("query provider returned null instead of a map");
            }
            return PartyUrls.socketUrl(current.location(), currentId, parameters);
          });
    }

    CompletionStage<List<String>> resolveProtocols() {
      return options.protocols().resolve();
    }
  }
}
