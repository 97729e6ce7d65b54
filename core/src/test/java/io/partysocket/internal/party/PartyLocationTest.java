package io.partysocket.internal.party;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.internal.party.PartyLocation.Kind;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PartyLocationTest {

  static Stream<Arguments> invalid() {
    return Stream.of(
        invalid(Kind.WEBSOCKET, b -> b.path("/x"), "path must not start with a slash; write \"x\""),
        invalid(Kind.HTTP, b -> b.path("/a/b"), "path must not start with a slash; write \"a/b\""),
        invalid(Kind.WEBSOCKET, b -> b.party(""), "party must not be empty"),
        invalid(Kind.WEBSOCKET, b -> b.party(".."), "party must not be \".\" or \"..\""),
        invalid(Kind.WEBSOCKET, b -> b.room("."), "room must not be \".\" or \"..\""),
        invalid(Kind.WEBSOCKET, b -> b.room(".."), "room must not be \".\" or \"..\""),
        invalid(Kind.WEBSOCKET, b -> b.protocol("https"), "protocol must be \"ws\" or \"wss\""),
        invalid(Kind.WEBSOCKET, b -> b.protocol("ftp"), "protocol must be \"ws\" or \"wss\""),
        invalid(Kind.HTTP, b -> b.protocol("wss"), "protocol must be \"http\" or \"https\""),
        invalid(Kind.HTTP, b -> b.host("ftp://example.com"), "host must start with ws://"),
        invalid(Kind.HTTP, b -> b.host(""), "host must name a host"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("invalid")
  void rejects(Kind kind, UnaryOperator<PartyLocation.Builder> change, String message) {
    PartyLocation.Builder builder = change.apply(valid(kind));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void missingHost() {
    PartyLocation.Builder builder = PartyLocation.builder(Kind.WEBSOCKET).room("r");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("host must be set before build()");
  }

  @Test
  void defaults() {
    PartyLocation location = PartyLocation.builder(Kind.WEBSOCKET).host("example.com").build();

    assertThat(location.party()).isEqualTo("main");
    assertThat(location.prefix()).isEqualTo("parties");
    assertThat(location.room()).isNull();
    assertThat(location.basePath()).isNull();
    assertThat(location.path()).isNull();
    assertThat(location.protocol()).isNull();
    assertThat(location.hasRoomOrBasePath()).isFalse();
  }

  @Test
  void emptyStringsUnset() {
    PartyLocation location =
        valid(Kind.WEBSOCKET).room("").prefix("").basePath("").path("").protocol("").build();

    assertThat(location.room()).isNull();
    assertThat(location.prefix()).isEqualTo("parties");
    assertThat(location.basePath()).isNull();
    assertThat(location.path()).isNull();
    assertThat(location.protocol()).isNull();
  }

  @Test
  void basePathLeadingSlashRemoved() {
    PartyLocation location = valid(Kind.WEBSOCKET).basePath("/custom/path").build();

    assertThat(location.basePath()).isEqualTo("custom/path");
  }

  @Test
  void protocolLowerCased() {
    PartyLocation location = valid(Kind.HTTP).protocol("HTTPS").build();

    assertThat(location.protocol()).isEqualTo("https");
  }

  @Test
  void toBuilderRoundTrip() {
    PartyLocation location =
        valid(Kind.WEBSOCKET)
            .host("wss://example.com/sub/")
            .party("p")
            .prefix("rooms")
            .path("x")
            .protocol("ws")
            .build();

    assertThat(location.toBuilder().build()).isEqualTo(location);
  }

  @Test
  void hostKeptAsGiven() {
    PartyLocation location = valid(Kind.WEBSOCKET).host("https://example.com/").build();

    assertThat(location.host()).isEqualTo("https://example.com/");
  }

  private static PartyLocation.Builder valid(Kind kind) {
    return PartyLocation.builder(kind).host("example.com").room("r");
  }

  private static Arguments invalid(
      Kind kind, UnaryOperator<PartyLocation.Builder> change, String message) {
    return Arguments.of(kind, change, message);
  }
}
