package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PartyFetchOptionsTest {

  static Stream<Arguments> invalid() {
    return Stream.of(
        invalid(b -> b.path("/x"), "path must not start with a slash"),
        invalid(b -> b.protocol("wss"), "protocol must be \"http\" or \"https\""),
        invalid(b -> b.party(""), "party must not be empty"),
        invalid(b -> b.host("ftp://example.com"), "host must start with ws://"),
        invalid(b -> b.method("CONNECT"), "method must be an HTTP method"),
        invalid(b -> b.method("GE T"), "method must be an HTTP method"),
        invalid(b -> b.header("Host", "example.org"), "header \"Host\" must have a valid name"),
        invalid(b -> b.header("Connection", "close"), "header \"Connection\" must have"),
        invalid(b -> b.header("Bad Name", "v"), "header \"Bad Name\" must have"),
        invalid(b -> b.timeout(Duration.ZERO), "timeout must be positive but was PT0S"),
        invalid(b -> b.timeout(Duration.ofSeconds(-1)), "timeout must be positive but was PT-1S"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void rejects(UnaryOperator<PartyFetchOptions.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(valid()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void missingHost() {
    PartyFetchOptions.Builder builder = PartyFetchOptions.builder().room("r");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("host must be set before build()");
  }

  @Test
  void missingRoomAndBasePath() {
    PartyFetchOptions.Builder builder = PartyFetchOptions.builder().host("example.com");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("room or basePath must be set before build()");
  }

  @Test
  void basePathWithoutRoom() {
    PartyFetchOptions options =
        PartyFetchOptions.builder().host("example.com").basePath("/custom").build();

    assertThat(options.basePath()).contains("custom");
  }

  @Test
  void headerValueHidden() {
    PartyFetchOptions.Builder builder = valid();

    assertThatThrownBy(() -> builder.header("Authorization", "Bearer secret\r\nX: y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }

  @Test
  void defaults() {
    PartyFetchOptions options = valid().build();

    assertThat(options.host()).isEqualTo("example.com");
    assertThat(options.room()).contains("r");
    assertThat(options.party()).isEqualTo("main");
    assertThat(options.prefix()).isEqualTo("parties");
    assertThat(options.basePath()).isEmpty();
    assertThat(options.path()).isEmpty();
    assertThat(options.protocol()).isEmpty();
    assertThat(options.query()).isSameAs(QueryProvider.NONE);
    assertThat(options.method()).isEqualTo("GET");
    assertThat(options.headers()).isEmpty();
    assertThat(options.bodyPublisher()).isEmpty();
    assertThat(options.timeout()).isEmpty();
    assertThat(options.httpClient()).isEmpty();
  }

  @Test
  void headersGroupedIgnoringCase() {
    PartyFetchOptions options =
        valid().header("X-Trace", "1").header("Accept", "a").header("x-trace", "2").build();

    assertThat(options.headers())
        .containsExactly(
            Map.entry("X-Trace", List.of("1", "2")), Map.entry("Accept", List.of("a")));
  }

  @Test
  void setHeaderReplaces() {
    PartyFetchOptions options =
        valid().header("X-Trace", "1").header("X-Trace", "2").setHeader("x-trace", "3").build();

    assertThat(options.headers()).containsExactly(Map.entry("x-trace", List.of("3")));
  }

  @Test
  void headersUnmodifiable() {
    PartyFetchOptions options = valid().header("X-A", "1").build();

    assertThatThrownBy(() -> options.headers().get("X-A").add("2"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void builderChangesDoNotLeak() {
    PartyFetchOptions.Builder builder = valid().header("X-A", "1");
    PartyFetchOptions options = builder.build();

    builder.header("X-A", "2").room("other");

    assertThat(options.headers()).containsExactly(Map.entry("X-A", List.of("1")));
    assertThat(options.room()).contains("r");
  }

  @Test
  void toBuilderRoundTrip() {
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("x");
    PartyFetchOptions options =
        valid()
            .host("https://example.com/sub/")
            .party("p")
            .prefix("rooms")
            .path("a/b")
            .protocol("http")
            .method("POST")
            .header("X-A", "1")
            .header("X-A", "2")
            .body(body)
            .timeout(Duration.ofSeconds(3))
            .build();

    PartyFetchOptions copy = options.toBuilder().build();

    assertThat(copy.host()).isEqualTo("https://example.com/sub/");
    assertThat(copy.party()).isEqualTo("p");
    assertThat(copy.prefix()).isEqualTo("rooms");
    assertThat(copy.path()).contains("a/b");
    assertThat(copy.protocol()).contains("http");
    assertThat(copy.method()).isEqualTo("POST");
    assertThat(copy.headers()).isEqualTo(options.headers());
    assertThat(copy.bodyPublisher()).containsSame(body);
    assertThat(copy.timeout()).contains(Duration.ofSeconds(3));
  }

  @Test
  void nullResetsDefaults() {
    PartyFetchOptions options =
        valid()
            .method("POST")
            .method(null)
            .query(Map.of("a", "1"))
            .query((QueryProvider) null)
            .build();

    assertThat(options.method()).isEqualTo("GET");
    assertThat(options.query()).isSameAs(QueryProvider.NONE);
  }

  @Test
  void toStringHidesHeaderValues() {
    PartyFetchOptions options =
        valid()
            .header("Authorization", "Bearer secret")
            .body(HttpRequest.BodyPublishers.ofString("secret body"))
            .query(Map.of("token", "secret"))
            .build();

    assertThat(options.toString()).contains("Authorization").doesNotContain("secret");
  }

  private static PartyFetchOptions.Builder valid() {
    return PartyFetchOptions.builder().host("example.com").room("r");
  }

  private static Arguments invalid(UnaryOperator<PartyFetchOptions.Builder> change, String text) {
    return Arguments.of(change, text);
  }
}
