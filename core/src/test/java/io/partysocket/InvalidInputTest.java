package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidInputTest extends EngineTestSupport {

  static Stream<Arguments> invalidOptions() {
    return Stream.of(
        Arguments.of(
            "negative maxReconnectionDelay",
            (Executable)
                () -> WebSocketOptions.builder().maxReconnectionDelay(Duration.ofMillis(-1)),
            IllegalArgumentException.class,
            "maxReconnectionDelay must be zero or positive but was PT-0.001S"),
        Arguments.of(
            "negative minReconnectionDelay",
            (Executable)
                () -> WebSocketOptions.builder().minReconnectionDelay(Duration.ofMillis(-5)),
            IllegalArgumentException.class,
            "minReconnectionDelay must be zero or positive but was PT-0.005S"),
        Arguments.of(
            "inverted delays",
            (Executable)
                () ->
                    WebSocketOptions.builder()
                        .minReconnectionDelay(Duration.ofMillis(600))
                        .maxReconnectionDelay(Duration.ofMillis(500))
                        .build(),
            IllegalArgumentException.class,
            "minReconnectionDelay must not be greater than maxReconnectionDelay but was 600 ms > 500 ms"),
        Arguments.of(
            "growth factor below 1",
            (Executable) () -> WebSocketOptions.builder().reconnectionDelayGrowFactor(0.9),
            IllegalArgumentException.class,
            "reconnectionDelayGrowFactor must be a finite number of at least 1 but was 0.9"),
        Arguments.of(
            "growth factor NaN",
            (Executable) () -> WebSocketOptions.builder().reconnectionDelayGrowFactor(Double.NaN),
            IllegalArgumentException.class,
            "but was NaN"),
        Arguments.of(
            "growth factor infinite",
            (Executable)
                () ->
                    WebSocketOptions.builder()
                        .reconnectionDelayGrowFactor(Double.POSITIVE_INFINITY),
            IllegalArgumentException.class,
            "but was Infinity"),
        Arguments.of(
            "negative minUptime",
            (Executable) () -> WebSocketOptions.builder().minUptime(Duration.ofSeconds(-1)),
            IllegalArgumentException.class,
            "minUptime must be zero or positive but was PT-1S"),
        Arguments.of(
            "zero connectionTimeout",
            (Executable) () -> WebSocketOptions.builder().connectionTimeout(Duration.ZERO),
            IllegalArgumentException.class,
            "connectionTimeout must be positive but was PT0S"),
        Arguments.of(
            "negative maxRetries",
            (Executable) () -> WebSocketOptions.builder().maxRetries(-1),
            IllegalArgumentException.class,
            "maxRetries must be at least 0 but was -1"),
        Arguments.of(
            "negative maxEnqueuedMessages",
            (Executable) () -> WebSocketOptions.builder().maxEnqueuedMessages(-2),
            IllegalArgumentException.class,
            "maxEnqueuedMessages must be at least 0 but was -2"),
        Arguments.of(
            "blank transport name",
            (Executable) () -> WebSocketOptions.builder().transportName(" "),
            IllegalArgumentException.class,
            "transportName must be"),
        Arguments.of(
            "reserved header",
            (Executable) () -> WebSocketOptions.builder().header("Sec-WebSocket-Key", "x"),
            IllegalArgumentException.class,
            "\"Sec-WebSocket-Key\" is set by the WebSocket handshake"),
        Arguments.of(
            "header value with line break",
            (Executable) () -> WebSocketOptions.builder().header("Authorization", "a\r\nb"),
            IllegalArgumentException.class,
            "value of header \"Authorization\" must contain only visible characters, spaces, tabs"
                + " and U+0080-U+00FF but has U+000D at index 1"),
        Arguments.of(
            "header value with control character",
            (Executable)
                () -> WebSocketOptions.builder().header("Authorization", "Bearer SECRET\u0001"),
            IllegalArgumentException.class,
            "but has U+0001 at index 13"),
        Arguments.of(
            "header name with space",
            (Executable) () -> WebSocketOptions.builder().header("X Token", "v"),
            IllegalArgumentException.class,
            "header name must be a non-empty HTTP token"),
        Arguments.of(
            "zero inbound limit",
            (Executable) () -> WebSocketOptions.builder().maxInboundMessageBytes(0),
            IllegalArgumentException.class,
            "maxInboundMessageBytes must be at least 1 but was 0"),
        Arguments.of(
            "null maxReconnectionDelay",
            (Executable) () -> WebSocketOptions.builder().maxReconnectionDelay(null),
            NullPointerException.class,
            "maxReconnectionDelay"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidOptions")
  void optionRejected(
      String name, Executable call, Class<? extends Throwable> type, String message) {
    assertThatThrownBy(call::execute).isInstanceOf(type).hasMessageContaining(message);
  }

  static Stream<Arguments> invalidUrls() {
    return Stream.of(
        Arguments.of(
            "http://127.0.0.1/x", "url must start with ws:// or wss:// but had scheme \"http\""),
        Arguments.of(
            "127.0.0.1:80/x", "url must be a valid ws:// or wss:// URL but could not be parsed"),
        Arguments.of(
            "localhost:80/x", "url must start with ws:// or wss:// but had scheme \"localhost\""),
        Arguments.of(
            "ws://exa mple/x", "url must be a valid ws:// or wss:// URL but could not be parsed"),
        Arguments.of("ws:///path", "url must have a host name or IP address"),
        Arguments.of("ws:opaque", "url must have a host name or IP address"),
        Arguments.of("ws://:80/x", "but was \"ws://:80/x\""),
        Arguments.of("ws://a_b/x", "but was \"ws://a_b/x\""),
        Arguments.of("ws://h:99999999999/x", "with an optional port in 0-65535"),
        Arguments.of(
            "ws://127.0.0.1:99999/x",
            "url port must be in 0-65535 but was 99999 in \"ws://127.0.0.1:99999/x\""),
        Arguments.of("ws://[::1]:65536/x", "url port must be in 0-65535 but was 65536"),
        Arguments.of("ws://127.0.0.1/x#frag", "url must not have a fragment"),
        Arguments.of("", "url must start with ws:// or wss://"));
  }

  @ParameterizedTest(name = "url \"{0}\"")
  @MethodSource("invalidUrls")
  void urlRejected(String url, String message) {
    WebSocketOptions options = options().build();

    assertThatThrownBy(() -> new ReconnectingWebSocket(url, options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
    assertThat(transport.attempts).isEmpty();
  }

  @Test
  void urlMessageHidesQuery() {
    assertThatThrownBy(
            () -> new ReconnectingWebSocket("http://h/x?token=secret", options().build()))
        .hasMessageNotContaining("secret");
  }

  @ParameterizedTest(name = "url \"{0}\"")
  @ValueSource(
      strings = {
        "ws://127.0.0.1:99999/x?token=SECRET",
        "ws://user:SECRET@:80/x",
        "ws://127.0.0.1:99999/x?SECRET"
      })
  void invalidUrlMessageHidesSecrets(String url) {
    assertThatThrownBy(() -> new ReconnectingWebSocket(url, options().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("SECRET");
  }

  @Test
  void highestPortAccepted() {
    new ReconnectingWebSocket("ws://127.0.0.1:65535/x", options().build());
    scheduler.runDue();

    assertThat(transport.last().request.port()).isEqualTo(65535);
  }

  @ParameterizedTest(name = "value \"{0}\"")
  @ValueSource(strings = {"a\tb", "a b", "~!", "caf\u00e9", "\u0080\u00ff"})
  void headerValueAccepted(String value) {
    WebSocketOptions options = WebSocketOptions.builder().header("X-Value", value).build();

    assertThat(options.headers().get("X-Value")).containsExactly(value);
  }

  @ParameterizedTest(name = "character U+{0}")
  @ValueSource(ints = {0x00, 0x01, 0x0a, 0x0d, 0x1f, 0x7f, 0x100, 0x2028})
  void headerValueRejected(int code) {
    String value = "Bearer SECRET" + (char) code;

    assertThatThrownBy(() -> WebSocketOptions.builder().header("Authorization", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.format("U+%04X at index 13", code))
        .hasMessageNotContaining("SECRET");
  }

  @Test
  void nullUrlRejected() {
    assertThatThrownBy(() -> new ReconnectingWebSocket((String) null, options().build()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("url");
  }

  @Test
  void nullOptionsRejected() {
    assertThatThrownBy(() -> new ReconnectingWebSocket(URL, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("options");
  }

  @ParameterizedTest(name = "close code {0}")
  @ValueSource(ints = {999, 1001, 1004, 1005, 1006, 1015, 2999, 5000, -1, 0})
  void invalidCloseCodeChangesNothing(int code) {
    ReconnectingWebSocket socket = openSocket(options().build());
    EventRecorder recorder = new EventRecorder(socket);
    FakeTransport.Connection connection = transport.last().connection;

    assertThatThrownBy(() -> socket.close(code, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("close code must be 1000 or in 3000-4999 but was " + code);
    assertThatThrownBy(() -> socket.reconnect(code, ""))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(socket.readyState()).isEqualTo(ReconnectingWebSocket.OPEN);
    assertThat(socket.shouldReconnect()).isTrue();
    assertThat(connection.closeCode).isEqualTo(-1);
    assertThat(recorder.seen).isEmpty();
  }

  @ParameterizedTest(name = "close code {0}")
  @ValueSource(ints = {1000, 3000, 4999})
  void validCloseCodeAccepted(int code) {
    ReconnectingWebSocket socket = openSocket(options().build());

    socket.close(code, "ok");

    assertThat(transport.last().connection.closeCode).isEqualTo(code);
  }

  @Test
  void longReasonRejected() {
    ReconnectingWebSocket socket = openSocket(options().build());
    String reason = "é".repeat(62);

    assertThatThrownBy(() -> socket.close(1000, reason))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("close reason must be at most 123 bytes in UTF-8 but was 124 bytes");
    assertThat(socket.readyState()).isEqualTo(ReconnectingWebSocket.OPEN);
  }

  @Test
  void reasonOf123BytesAccepted() {
    ReconnectingWebSocket socket = openSocket(options().build());

    socket.close(1000, "x".repeat(123));

    assertThat(transport.last().connection.closeReason).hasSize(123);
  }

  @Test
  void nullMessagesRejected() {
    ReconnectingWebSocket socket = socket(options().build());

    assertThatThrownBy(() -> socket.send((String) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> socket.send((byte[]) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> socket.send((java.nio.ByteBuffer) null))
        .isInstanceOf(NullPointerException.class);
  }
}
