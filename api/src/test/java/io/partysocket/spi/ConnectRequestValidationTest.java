package io.partysocket.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectRequestValidationTest {

  private static ConnectRequest.Builder builder() {
    return ConnectRequest.builder(URI.create("ws://127.0.0.1:9/x"));
  }

  @ParameterizedTest(name = "character U+{0}")
  @ValueSource(ints = {0x00, 0x01, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x100, 0xfffd})
  void headerValueRejected(int code) {
    String value = "Bearer SECRET" + (char) code + "tail";

    assertThatThrownBy(() -> builder().header("Authorization", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value of header \"Authorization\"")
        .hasMessageContaining(String.format("U+%04X at index 13", code))
        .hasMessageNotContaining("SECRET");
  }

  @ParameterizedTest(name = "value \"{0}\"")
  @ValueSource(strings = {"", "a\tb", "a b", "!~", "caf\u00e9", "\u0080\u00ff"})
  void headerValueAccepted(String value) {
    ConnectRequest request = builder().header("X-Value", value).build();

    assertThat(request.headers().get("X-Value")).containsExactly(value);
  }

  @ParameterizedTest(name = "name \"{0}\"")
  @ValueSource(strings = {"", "X Token", "X:Token", "X\u0001", "caf\u00e9"})
  void headerNameRejected(String name) {
    assertThatThrownBy(() -> builder().header(name, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("header name must be a non-empty HTTP token");
  }

  @Test
  void headerNameControlCharacterEscaped() {
    assertThatThrownBy(() -> builder().header("X\u0001", "v"))
        .hasMessageEndingWith("but was \"X\\u0001\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ws://127.0.0.1:99999/x?token=s | uri port must be in 0-65535 but was 99999 in"
            + " \"ws://127.0.0.1:99999/x?<redacted>\"",
        "ws://[::1]:65536/x            | uri port must be in 0-65535 but was 65536",
        "ws://:80/x                    | uri must have a host name or IP address",
        "ws://u:s@:80/x                | but was \"ws://:80/x\"",
        "ws://h:99999999999/x          | but was \"ws://h:99999999999/x\"",
      })
  void uriRejected(String uri, String message) {
    assertThatThrownBy(() -> ConnectRequest.builder(URI.create(uri)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void highestPortAccepted() {
    ConnectRequest request = ConnectRequest.builder(URI.create("ws://127.0.0.1:65535/x")).build();

    assertThat(request.port()).isEqualTo(65535);
  }

  @Test
  void nullSubprotocolNamesIndex() {
    List<String> names = Arrays.asList("a", null);

    assertThatThrownBy(() -> builder().subprotocols(names))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("subprotocols[1]");
  }

  @Test
  void invalidSubprotocolRejected() {
    assertThatThrownBy(() -> builder().subprotocols(List.of("ok", "a b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("subprotocols[1] must be a non-empty HTTP token")
        .hasMessageContaining("but was \"a b\"");
  }

  @Test
  void repeatedSubprotocolRejected() {
    assertThatThrownBy(() -> builder().subprotocols(List.of("a", "b", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subprotocols must be distinct but was [a, b, a]; offer \"a\" only once");
  }
}
