package io.partysocket.internal.party;

import io.partysocket.internal.party.PartyLocation.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Builds the URLs of a PartyKit room: the room URL (no query), the WebSocket URL with {@code _pk}
 * and query parameters, and the HTTP URL used by {@code fetch}.
 *
 * <p>The room URL is {@code scheme://address/} followed by the base path if one is set, else by
 * {@code prefix/party/room}, and then by {@code /path} if a path is set. The room, the party and
 * every {@code /}-separated segment of prefix, base path and path are percent-encoded as URL path
 * segments over UTF-8: letters, digits and {@code -._~!$&'()*+,;=:@} stay as they are, and
 * everything else ({@code /}, {@code %}, {@code ?}, {@code #}, space, non-ASCII characters, ...)
 * becomes {@code %XX}. Ordinary names are therefore sent unchanged, and every name gives a valid
 * URI whose path the server can decode back to the name. These values are plain text: a {@code %}
 * is sent as {@code %25}, so callers must not percent-encode them. Only the path prefix written in
 * the host is used as written.
 *
 * <p>The query string is {@code application/x-www-form-urlencoded}, as the JavaScript
 * URLSearchParams class writes it: a space becomes {@code +} and every character other than ASCII
 * letters, digits and {@code *-._} becomes {@code %XX}. As in PartySocket for JavaScript, a {@code
 * ?} always follows the path, even with no parameters, and parameters keep the map's iteration
 * order.
 *
 * <p>Stateless and thread-safe. Exception messages never contain query names or values.
 */
public final class PartyUrls {

  /** The query parameter that carries the connection id of a WebSocket URL. */
  public static final String ID_PARAMETER = "_pk";

  private PartyUrls() {}

  /**
   * Returns the room URL without a query, such as {@code wss://example.com/parties/main/my-room}.
   * The scheme follows the location's kind.
   *
   * @throws IllegalStateException if neither room nor base path is set
   */
  public static String roomUrl(PartyLocation location) {
    Objects.requireNonNull(location, "location");
    if (!location.hasRoomOrBasePath()) {
      throw new IllegalStateException(
          "room or basePath must be set before a URL can be built; set room(\"...\") or"
              + " basePath(\"...\")");
    }
    StringBuilder url = new StringBuilder(64);
    url.append(location.scheme()).append("://").append(location.partyHost().address()).append('/');
    if (location.basePath() != null) {
      appendSegments(url, location.basePath());
    } else {
      appendSegments(url, location.prefix());
      url.append('/').append(PercentEncoding.pathSegment(location.party()));
      url.append('/').append(PercentEncoding.pathSegment(location.room()));
    }
    if (location.path() != null) {
      url.append('/');
      appendSegments(url, location.path());
    }
    return url.toString();
  }

  /**
   * Returns the WebSocket URL: the room URL, {@code ?}, then {@code _pk=id}, then every query entry
   * with a non-null value in iteration order.
   *
   * @param id the connection id, non-empty; see {@link #randomId()}
   * @param query parameters; entries with a {@code null} value are left out
   * @throws IllegalArgumentException if the location is not a {@link Kind#WEBSOCKET} one, the id is
   *     empty, or the query fails {@link #checkSocketQuery}
   * @throws IllegalStateException if neither room nor base path is set
   */
  public static String socketUrl(PartyLocation location, String id, Map<String, String> query) {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(query, "query");
    requireKind(location, Kind.WEBSOCKET);
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty; use randomId() when none is given");
    }
    checkSocketQuery(query);
    StringJoiner parameters = new StringJoiner("&");
    parameters.add(parameter(ID_PARAMETER, id));
    addQuery(parameters, query);
    return roomUrl(location) + "?" + parameters;
  }

  /**
   * Returns the HTTP URL for {@code fetch}: the room URL, {@code ?}, then every query entry with a
   * non-null value in iteration order. It has no {@code _pk} parameter.
   *
   * @param query parameters; entries with a {@code null} value are left out
   * @throws IllegalArgumentException if the location is not an {@link Kind#HTTP} one or the query
   *     has a {@code null} or empty name
   * @throws IllegalStateException if neither room nor base path is set
   */
  public static String fetchUrl(PartyLocation location, Map<String, String> query) {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(query, "query");
    requireKind(location, Kind.HTTP);
    StringJoiner parameters = new StringJoiner("&");
    addQuery(parameters, query);
    return roomUrl(location) + "?" + parameters;
  }

  /**
   * Checks the query parameters of a WebSocket URL.
   *
   * @throws IllegalArgumentException if a name is {@code null} or empty, or is {@code _pk}, which
   *     the URL already carries for the connection id
   */
  public static void checkSocketQuery(Map<String, String> query) {
    Objects.requireNonNull(query, "query");
    for (String name : query.keySet()) {
      checkName(name);
      if (ID_PARAMETER.equals(name)) {
        throw new IllegalArgumentException(
            "query must not contain \""
                + ID_PARAMETER
                + "\", which carries the connection id; remove that entry and set the id with"
                + " id(...)");
      }
    }
  }

  /** Returns a new random connection id, a version 4 UUID such as {@code 3b241101-e2bb-...}. */
  public static String randomId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Tells whether a room or party name contains {@code /}. Such a name is sent as one path segment
   * with {@code %2F}, but a server that decodes the path before routing finds extra segments in it.
   */
  public static boolean containsSlash(String name) {
    return name != null && name.indexOf('/') >= 0;
  }

  /**
   * Returns one warning for a party name and one for a room name that contain {@code /}, in that
   * order, or an empty list. The socket logs them unless name validation is disabled.
   */
  public static List<String> nameWarnings(PartyLocation location) {
    Objects.requireNonNull(location, "location");
    List<String> warnings = new ArrayList<>(2);
    if (containsSlash(location.party())) {
      warnings.add(slashWarning("party", location.party()));
    }
    if (containsSlash(location.room())) {
      warnings.add(slashWarning("room", location.room()));
    }
    return List.copyOf(warnings);
  }

  private static String slashWarning(String name, String value) {
    return name
        + " \""
        + value
        + "\" contains \"/\"; it is sent as %2F, and a server that decodes the path may route it"
        + " elsewhere. Choose a name without \"/\", or set disableNameValidation(true) to hide"
        + " this warning.";
  }

  private static void requireKind(PartyLocation location, Kind kind) {
    if (location.kind() != kind) {
      throw new IllegalArgumentException(
          "location must be of kind " + kind + " but was of kind " + location.kind());
    }
  }

  private static void appendSegments(StringBuilder url, String path) {
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        url.append('/');
      }
      url.append(PercentEncoding.pathSegment(segments[i]));
    }
  }

  private static void addQuery(StringJoiner parameters, Map<String, String> query) {
    for (Map.Entry<String, String> entry : query.entrySet()) {
      checkName(entry.getKey());
      if (entry.getValue() != null) {
        parameters.add(parameter(entry.getKey(), entry.getValue()));
      }
    }
  }

  private static void checkName(String name) {
    if (name == null) {
      throw new IllegalArgumentException(
          "query must not contain a null parameter name; remove that entry");
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          "query parameter name must be non-empty but was \"\"; remove that entry or name it");
    }
  }

  private static String parameter(String name, String value) {
    return PercentEncoding.formComponent(name) + "=" + PercentEncoding.formComponent(value);
  }
}
