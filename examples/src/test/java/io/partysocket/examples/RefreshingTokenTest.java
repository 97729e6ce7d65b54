package io.partysocket.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs {@link RefreshingToken} against a scripted server on 127.0.0.1 and drops a connection. */
class RefreshingTokenTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private ScriptedServer server;

  @BeforeEach
  void start() throws Exception {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void newTokenPerAttempt() throws Exception {
    WebSocketOptions fast =
        WebSocketOptions.builder()
            .minReconnectionDelay(Duration.ofMillis(20))
            .connectionTimeout(WAIT)
            .build();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream output = new PrintStream(printed, true, StandardCharsets.UTF_8);

    try (ReconnectingWebSocket socket =
        RefreshingToken.connect(
            server.uri("/ws").toString(), new RefreshingToken.TokenService(), fast, output)) {
      ServerConnection first = server.awaitConnection(WAIT);
      Await.until("the first open", () -> socket.readyState() == ReconnectingWebSocket.OPEN);
      first.reset();
      ServerConnection second = server.awaitConnection(WAIT);
      Await.until(
          "the second open",
          () -> printed.toString(StandardCharsets.UTF_8).contains("open with token #2"));

      assertThat(first.headerValues("Authorization")).containsExactly("Bearer token-1");
      assertThat(second.headerValues("Authorization")).containsExactly("Bearer token-2");
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("open with token #1");
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("token-");
  }
}
