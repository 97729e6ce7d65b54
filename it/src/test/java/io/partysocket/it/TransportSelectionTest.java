package io.partysocket.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import io.partysocket.tck.server.ScriptedServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several real transports on one class path, as an application that depends on more than one would
 * have: the highest priority wins, a name overrides it, and a misspelled name lists what was found.
 */
class TransportSelectionTest {

  private static final String PROPERTY = WebSocketOptions.TRANSPORT_PROPERTY;

  private ScriptedServer server;

  @BeforeEach
  void start() throws Exception {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    System.clearProperty(PROPERTY);
    server.close();
  }

  private ReconnectingWebSocket closedSocket(WebSocketOptions.Builder options) {
    return new ReconnectingWebSocket(
        server.uri("/select").toString(), options.startClosed(true).build());
  }

  @Test
  void highestPriorityChosen() {
    try (ReconnectingWebSocket socket = closedSocket(WebSocketOptions.builder())) {
      assertThat(socket.transport().name()).isEqualTo("netty");
      assertThat(socket.transport().priority()).isEqualTo(50);
    }
  }

  @Test
  void nameOverridesPriority() {
    try (ReconnectingWebSocket socket =
        closedSocket(WebSocketOptions.builder().transportName("okhttp"))) {
      assertThat(socket.transport().name()).isEqualTo("okhttp");
    }
  }

  @Test
  void systemPropertyOverridesPriority() {
    System.setProperty(PROPERTY, "jdk");

    try (ReconnectingWebSocket socket = closedSocket(WebSocketOptions.builder())) {
      assertThat(socket.transport().name()).isEqualTo("jdk");
    }
  }

  @Test
  void misspelledNameListsFound() {
    assertThatThrownBy(() -> closedSocket(WebSocketOptions.builder().transportName("jety")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"jety\"")
        .hasMessageContaining("found: netty, jetty, okhttp, jdk, tyrus");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"netty", "jetty", "okhttp", "jdk", "tyrus"})
  void eachNamedTransportEchoes(String name) throws Exception {
    CompletableFuture<String> echo = new CompletableFuture<>();
    try (ReconnectingWebSocket socket =
        new ReconnectingWebSocket(
            server.uri("/" + name).toString(),
            WebSocketOptions.builder()
                .transportName(name)
                .addEventListener(EventType.MESSAGE, event -> echo.complete(event.text()))
                .connectionTimeout(Duration.ofSeconds(5))
                .build())) {
      socket.send("via " + name);

      assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo("via " + name);
      assertThat(List.of(socket.transport().name())).containsExactly(name);
    }
  }
}
