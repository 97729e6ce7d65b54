package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

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
  void redactionKeepsNamesAndDropsUserInfo() {
    assertThat(Redaction.url("wss://user:pw@host:1/p?a=1&b&c="))
        .isEqualTo("wss://host:1/p?a=<redacted>&b&c=<redacted>");
    assertThat(Redaction.url("ws://host/p")).isEqualTo("ws://host/p");
    assertThat(Redaction.url("ws://host/p#frag?x=1")).isEqualTo("ws://host/p");
  }
}
