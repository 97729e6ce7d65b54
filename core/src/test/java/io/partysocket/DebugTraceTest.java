package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebugTraceTest extends EngineTestSupport {

  private final List<String> lines = new CopyOnWriteArrayList<>();

  @Test
  void traceNamesEachStep() {
    ReconnectingWebSocket socket =
        socket(options().debug(true).debugLogger(lines::add).minReconnectionDelay(ms(50)).build());
    socket.send("hello");
    scheduler.runDue();
    FakeTransport.Connection connection = transport.last().open();
    connection.drop();

    assertThat(lines)
        .containsSubsequence(
            "RWS> connect 0",
            "RWS> next delay 0.0",
            "RWS> enqueue 5",
            "RWS> connect " + URL + " []",
            "RWS> open event",
            "RWS> close event 1006",
            "RWS> connect 1",
            "RWS> next delay 50.0");
  }

  @Test
  void traceRedactsQueryAndContent() {
    ReconnectingWebSocket socket =
        new ReconnectingWebSocket(
            "ws://127.0.0.1:9/room?token=s3cr3t&user=bob",
            options().debug(true).debugLogger(lines::add).build());
    scheduler.runDue();
    transport.last().open();
    socket.send("private message");

    assertThat(String.join("\n", lines))
        .contains("token=<redacted>&user=<redacted>")
        .doesNotContain("s3cr3t")
        .doesNotContain("bob")
        .doesNotContain("private message");
  }

  @Test
  void debugOffWritesNothing() {
    socket(options().debugLogger(lines::add).build());
    scheduler.runDue();
    transport.last().refuse();

    assertThat(lines).isEmpty();
  }

  @Test
  void throwingDebugLoggerIgnored() {
    ReconnectingWebSocket socket =
        socket(
            options()
                .debug(true)
                .debugLogger(
                    line -> {
                      throw new IllegalStateException("logger broken");
                    })
                .build());
    scheduler.runDue();
    transport.last().open();

    assertThat(socket.readyState()).isEqualTo(ReconnectingWebSocket.OPEN);
  }

  @Test
  void traceRedactsBareQuery() {
    new ReconnectingWebSocket(
        "ws://127.0.0.1:9/x?SECRETBARE", options().debug(true).debugLogger(lines::add).build());
    scheduler.runDue();

    assertThat(lines).contains("RWS> connect ws://127.0.0.1:9/x?<redacted> []");
    assertThat(String.join("\n", lines)).doesNotContain("SECRETBARE");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ws://host/p                    | ws://host/p",
        "ws://host/p?a=1&b              | ws://host/p?a=<redacted>&<redacted>",
        "ws://host/p?token              | ws://host/p?<redacted>",
        "ws://host/p?=x                 | ws://host/p?=<redacted>",
        "ws://host/p?a=1#frag           | ws://host/p?a=<redacted>",
        "ws://host/p#frag?x=1           | ws://host/p",
        "wss://user:pass@host:1/p?c=    | wss://host:1/p?c=<redacted>",
        "ws://host/p?a=1&&b=2           | ws://host/p?a=<redacted>&&b=<redacted>",
        "ws://host/p?                   | ws://host/p?",
      })
  void redaction(String url, String expected) {
    assertThat(Redaction.url(url)).isEqualTo(expected);
  }
}
