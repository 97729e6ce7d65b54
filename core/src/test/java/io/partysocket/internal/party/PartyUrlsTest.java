package io.partysocket.internal.party;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.internal.party.PartyLocation.Kind;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PartyUrlsTest {

  private static final String ID = "id1";

  static Stream<Arguments> urls() {
    return Stream.of(
        // Local and private hosts get ws, with or without a port.
        row(ws("localhost"), "ws://localhost/parties/main/r?_pk=id1"),
        row(ws("localhost:1999"), "ws://localhost:1999/parties/main/r?_pk=id1"),
        row(ws("LocalHost:1999"), "ws://LocalHost:1999/parties/main/r?_pk=id1"),
        row(ws("127.0.0.1"), "ws://127.0.0.1/parties/main/r?_pk=id1"),
        row(ws("127.255.10.3:8787"), "ws://127.255.10.3:8787/parties/main/r?_pk=id1"),
        row(ws("[::1]"), "ws://[::1]/parties/main/r?_pk=id1"),
        row(ws("[::1]:1999"), "ws://[::1]:1999/parties/main/r?_pk=id1"),
        row(ws("[::ffff:127.0.0.1]:1999"), "ws://[::ffff:127.0.0.1]:1999/parties/main/r?_pk=id1"),
        row(ws("[::ffff:7f00:1]"), "ws://[::ffff:7f00:1]/parties/main/r?_pk=id1"),
        row(ws("10.0.0.5"), "ws://10.0.0.5/parties/main/r?_pk=id1"),
        row(ws("10.1.2.3:8080"), "ws://10.1.2.3:8080/parties/main/r?_pk=id1"),
        row(ws("172.16.0.1"), "ws://172.16.0.1/parties/main/r?_pk=id1"),
        row(ws("172.16.0.1:1999"), "ws://172.16.0.1:1999/parties/main/r?_pk=id1"),
        row(ws("172.31.255.255"), "ws://172.31.255.255/parties/main/r?_pk=id1"),
        row(ws("172.31.0.1:1999"), "ws://172.31.0.1:1999/parties/main/r?_pk=id1"),
        row(ws("192.168.1.10"), "ws://192.168.1.10/parties/main/r?_pk=id1"),
        row(ws("192.168.1.10:1999"), "ws://192.168.1.10:1999/parties/main/r?_pk=id1"),
        // Public names and addresses get wss, with or without a port.
        row(ws("example.com"), "wss://example.com/parties/main/r?_pk=id1"),
        row(ws("example.com:8443"), "wss://example.com:8443/parties/main/r?_pk=id1"),
        row(ws("10.example.com"), "wss://10.example.com/parties/main/r?_pk=id1"),
        row(ws("localhost.example.com"), "wss://localhost.example.com/parties/main/r?_pk=id1"),
        row(ws("172.15.0.1"), "wss://172.15.0.1/parties/main/r?_pk=id1"),
        row(ws("172.15.0.1:1999"), "wss://172.15.0.1:1999/parties/main/r?_pk=id1"),
        row(ws("172.32.0.1"), "wss://172.32.0.1/parties/main/r?_pk=id1"),
        row(ws("172.32.0.1:1999"), "wss://172.32.0.1:1999/parties/main/r?_pk=id1"),
        row(ws("172.3.0.1"), "wss://172.3.0.1/parties/main/r?_pk=id1"),
        row(ws("192.169.0.1:1999"), "wss://192.169.0.1:1999/parties/main/r?_pk=id1"),
        row(ws("203.0.113.5"), "wss://203.0.113.5/parties/main/r?_pk=id1"),
        row(ws("[2001:db8::1]:443"), "wss://[2001:db8::1]:443/parties/main/r?_pk=id1"),
        row(ws("[::ffff:8.8.8.8]"), "wss://[::ffff:8.8.8.8]/parties/main/r?_pk=id1"),
        // A scheme written in the host decides, in any case, and is removed from the host.
        row(ws("http://example.com"), "ws://example.com/parties/main/r?_pk=id1"),
        row(ws("ws://example.com"), "ws://example.com/parties/main/r?_pk=id1"),
        row(ws("https://localhost:1999"), "wss://localhost:1999/parties/main/r?_pk=id1"),
        row(ws("wss://127.0.0.1"), "wss://127.0.0.1/parties/main/r?_pk=id1"),
        row(ws("HTTPS://localhost:1999"), "wss://localhost:1999/parties/main/r?_pk=id1"),
        row(ws("Ws://example.com"), "ws://example.com/parties/main/r?_pk=id1"),
        // An explicit protocol wins over the host.
        row(ws("localhost:1999").protocol("wss"), "wss://localhost:1999/parties/main/r?_pk=id1"),
        row(ws("https://example.com").protocol("ws"), "ws://example.com/parties/main/r?_pk=id1"),
        row(ws("10.0.0.1").protocol("WSS"), "wss://10.0.0.1/parties/main/r?_pk=id1"),
        row(ws("example.com").protocol(""), "wss://example.com/parties/main/r?_pk=id1"),
        // One trailing slash is removed; a path in the host is kept.
        row(ws("example.com/"), "wss://example.com/parties/main/r?_pk=id1"),
        row(ws("example.com/sub/"), "wss://example.com/sub/parties/main/r?_pk=id1"),
        row(ws("https://localhost:1999/"), "wss://localhost:1999/parties/main/r?_pk=id1"),
        row(ws("example.com/a%20b"), "wss://example.com/a%20b/parties/main/r?_pk=id1"),
        // Party, prefix, base path and path.
        row(
            ws("example.com").room("my-room").party("custom-party").prefix("rooms"),
            "wss://example.com/rooms/custom-party/my-room?_pk=id1"),
        row(ws("example.com").prefix("api/v1"), "wss://example.com/api/v1/main/r?_pk=id1"),
        row(ws("example.com").prefix("/api"), "wss://example.com/api/main/r?_pk=id1"),
        row(ws("example.com").prefix(""), "wss://example.com/parties/main/r?_pk=id1"),
        row(
            ws("example.com").basePath("custom/base/path"),
            "wss://example.com/custom/base/path?_pk=id1"),
        row(
            ws("example.com").room(null).basePath("/custom/base"),
            "wss://example.com/custom/base?_pk=id1"),
        row(
            ws("example.com").path("sub/resource"),
            "wss://example.com/parties/main/r/sub/resource?_pk=id1"),
        row(ws("example.com").basePath("custom").path("x"), "wss://example.com/custom/x?_pk=id1"),
        row(ws("example.com").path(""), "wss://example.com/parties/main/r?_pk=id1"),
        // Room, party and path segments are percent-encoded; ordinary names are unchanged.
        row(ws("example.com").room("Az09-_.~"), "wss://example.com/parties/main/Az09-_.~?_pk=id1"),
        row(ws("example.com").room("my room"), "wss://example.com/parties/main/my%20room?_pk=id1"),
        row(ws("example.com").room("a&b=c"), "wss://example.com/parties/main/a&b=c?_pk=id1"),
        row(ws("example.com").room("a?b"), "wss://example.com/parties/main/a%3Fb?_pk=id1"),
        row(ws("example.com").room("a/b"), "wss://example.com/parties/main/a%2Fb?_pk=id1"),
        row(ws("example.com").room("a#b"), "wss://example.com/parties/main/a%23b?_pk=id1"),
        row(ws("example.com").room("100%"), "wss://example.com/parties/main/100%25?_pk=id1"),
        row(ws("example.com").room("café"), "wss://example.com/parties/main/caf%C3%A9?_pk=id1"),
        row(
            ws("example.com").room("日本"),
            "wss://example.com/parties/main/%E6%97%A5%E6%9C%AC?_pk=id1"),
        row(
            ws("example.com").room("\uD83D\uDE00"),
            "wss://example.com/parties/main/%F0%9F%98%80?_pk=id1"),
        row(
            ws("example.com").party("my party/x"),
            "wss://example.com/parties/my%20party%2Fx/r?_pk=id1"),
        row(
            ws("example.com").path("a b/c?d"),
            "wss://example.com/parties/main/r/a%20b/c%3Fd?_pk=id1"),
        row(
            ws("example.com").basePath("dir/my file#1"),
            "wss://example.com/dir/my%20file%231?_pk=id1"),
        // Query: _pk first, then entries in order, null values skipped, form-encoded.
        row(
            ws("127.0.0.1:1999").room("my room"),
            "my id&x",
            query("n", "1", "sp", "a b", "nul", null, "amp", "1&2", "q", "override?"),
            "ws://127.0.0.1:1999/parties/main/my%20room"
                + "?_pk=my+id%26x&n=1&sp=a+b&amp=1%262&q=override%3F"),
        row(
            ws("example.com"),
            ID,
            query("hash", "#", "pct", "%", "slash", "/", "e", "é", "q", "?"),
            "wss://example.com/parties/main/r?_pk=id1&hash=%23&pct=%25&slash=%2F&e=%C3%A9&q=%3F"),
        row(
            ws("example.com"),
            ID,
            query("a b", "*-._~", "plus", "1+1", "empty", ""),
            "wss://example.com/parties/main/r?_pk=id1&a+b=*-._%7E&plus=1%2B1&empty="),
        row(
            ws("example.com"),
            ID,
            query("x", null, "y", null),
            "wss://example.com/parties/main/r?_pk=id1"),
        row(
            ws("example.com"),
            ID,
            query("z", "1", "a", "2", "m", "3"),
            "wss://example.com/parties/main/r?_pk=id1&z=1&a=2&m=3"),
        // fetch: http or https, no _pk, "?" even without parameters.
        row(http("example.com").room("my-room"), "https://example.com/parties/main/my-room?"),
        row(http("localhost:1999"), "http://localhost:1999/parties/main/r?"),
        row(http("192.168.0.2:8080"), "http://192.168.0.2:8080/parties/main/r?"),
        row(http("[::1]:1999"), "http://[::1]:1999/parties/main/r?"),
        row(http("ws://example.com"), "http://example.com/parties/main/r?"),
        row(http("wss://localhost"), "https://localhost/parties/main/r?"),
        row(http("127.0.0.1").protocol("https"), "https://127.0.0.1/parties/main/r?"),
        row(http("example.com").protocol("HTTP"), "http://example.com/parties/main/r?"),
        row(
            http("example.com"),
            null,
            query("a", "1", "b", null),
            "https://example.com/parties/main/r?a=1"),
        row(
            http("example.com"),
            null,
            query("_pk", "mine"),
            "https://example.com/parties/main/r?_pk=mine"),
        row(
            http("example.com").basePath("api/v1").path("items/a b"),
            null,
            query("q", "x y&z"),
            "https://example.com/api/v1/items/a%20b?q=x+y%26z"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("urls")
  void url(PartyLocation location, Params params, String expected) {
    String url = build(location, params);

    assertThat(url).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("urls")
  void urlIsValidUri(PartyLocation location, Params params, String expected) {
    String url = build(location, params);

    assertThatCode(() -> new URI(url)).doesNotThrowAnyException();
  }

  @Test
  void roomUrlHasNoQuery() {
    PartyLocation location = ws("example.com").room("my-room").build();

    assertThat(PartyUrls.roomUrl(location)).isEqualTo("wss://example.com/parties/main/my-room");
  }

  @Test
  void fetchPathMatchesSocketRoomUrl() {
    PartyLocation socket = ws("example.com/sub").room("a b").party("p").path("x/y").build();
    PartyLocation fetch = http("example.com/sub").room("a b").party("p").path("x/y").build();

    assertThat(URI.create(PartyUrls.roomUrl(fetch)).getRawPath())
        .isEqualTo(URI.create(PartyUrls.roomUrl(socket)).getRawPath());
  }

  @Test
  void roomUrlWithoutRoomOrBasePath() {
    PartyLocation location = PartyLocation.builder(Kind.WEBSOCKET).host("example.com").build();

    assertThatThrownBy(() -> PartyUrls.roomUrl(location))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("room or basePath must be set");
  }

  @Test
  void socketUrlOfHttpLocation() {
    PartyLocation location = http("example.com").build();

    assertThatThrownBy(() -> PartyUrls.socketUrl(location, ID, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("location must be of kind WEBSOCKET but was of kind HTTP");
  }

  @Test
  void fetchUrlOfSocketLocation() {
    PartyLocation location = ws("example.com").build();

    assertThatThrownBy(() -> PartyUrls.fetchUrl(location, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("location must be of kind HTTP but was of kind WEBSOCKET");
  }

  @Test
  void socketUrlEmptyId() {
    PartyLocation location = ws("example.com").build();

    assertThatThrownBy(() -> PartyUrls.socketUrl(location, "", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("id must not be empty");
  }

  @Test
  void nullQueryNameHidesValues() {
    PartyLocation location = ws("example.com").build();
    Map<String, String> query = query("token", "secret-value", null, "other-secret");

    assertThatThrownBy(() -> PartyUrls.socketUrl(location, ID, query))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }

  @Test
  void idParameterInQueryRejected() {
    PartyLocation location = ws("example.com").build();

    assertThatThrownBy(() -> PartyUrls.socketUrl(location, ID, query("_pk", "secret-id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query must not contain \"_pk\"")
        .hasMessageContaining("id(...)")
        .hasMessageNotContaining("secret-id");
  }

  @Test
  void emptyQueryNameRejected() {
    PartyLocation location = ws("example.com").build();

    assertThatThrownBy(() -> PartyUrls.socketUrl(location, ID, query("", "secret-value")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query parameter name must be non-empty but was \"\"")
        .hasMessageNotContaining("secret-value");
  }

  @Test
  void emptyFetchQueryNameRejected() {
    PartyLocation location = http("example.com").build();

    assertThatThrownBy(() -> PartyUrls.fetchUrl(location, query("", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query parameter name must be non-empty");
  }

  @Test
  void randomIdIsUuid() {
    String id = PartyUrls.randomId();

    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
  }

  @Test
  void randomIdDiffers() {
    assertThat(PartyUrls.randomId()).isNotEqualTo(PartyUrls.randomId());
  }

  @Test
  void containsSlash() {
    assertThat(PartyUrls.containsSlash("a/b")).isTrue();
  }

  @Test
  void containsNoSlash() {
    assertThat(PartyUrls.containsSlash("a-b")).isFalse();
  }

  @Test
  void containsSlashOfNull() {
    assertThat(PartyUrls.containsSlash(null)).isFalse();
  }

  @Test
  void nameWarningsPartyThenRoom() {
    PartyLocation location = ws("example.com").party("p/1").room("r/2").build();

    assertThat(PartyUrls.nameWarnings(location))
        .satisfiesExactly(
            party -> assertThat(party).startsWith("party \"p/1\" contains \"/\""),
            room -> assertThat(room).startsWith("room \"r/2\" contains \"/\""));
  }

  @Test
  void nameWarningsNone() {
    PartyLocation location = ws("example.com").party("p").room("r").build();

    assertThat(PartyUrls.nameWarnings(location)).isEmpty();
  }

  /** The id and query of one table row; the id is null for a fetch URL. */
  record Params(String id, Map<String, String> query) {
    @Override
    public String toString() {
      return "id=" + id + ", query=" + query;
    }
  }

  private static String build(PartyLocation location, Params params) {
    if (location.kind() == Kind.HTTP) {
      return PartyUrls.fetchUrl(location, params.query());
    }
    return PartyUrls.socketUrl(location, params.id(), params.query());
  }

  private static PartyLocation.Builder ws(String host) {
    return PartyLocation.builder(Kind.WEBSOCKET).host(host).room("r");
  }

  private static PartyLocation.Builder http(String host) {
    return PartyLocation.builder(Kind.HTTP).host(host).room("r");
  }

  private static Arguments row(PartyLocation.Builder location, String expected) {
    return row(location, ID, Map.of(), expected);
  }

  private static Arguments row(
      PartyLocation.Builder location, String id, Map<String, String> query, String expected) {
    return Arguments.of(location.build(), new Params(id, query), expected);
  }

  /** Returns an insertion-ordered map of name/value pairs; values may be null. */
  private static Map<String, String> query(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "odd number of names and values: " + Arrays.toString(namesAndValues));
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      query.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return query;
  }
}
