package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Connects with the transport that ServiceLoader finds to an echo server on 127.0.0.1. */
class ConnectTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void echoOverLoopback() throws Exception {
    try (ScriptedServer server = ScriptedServer.start()) {
      CompletableFuture<String> echo = new CompletableFuture<>();
      WebSocketOptions options = WebSocketOptions.builder().connectionTimeout(WAIT).build();
      try (ReconnectingWebSocket socket =
          new ReconnectingWebSocket(server.uri("/consumer").toString(), options)) {
        socket.addEventListener(EventType.MESSAGE, event -> echo.complete(event.text()));
        socket.send("hello from a fresh project");
        ServerConnection connection = server.awaitConnection(WAIT);

        assertEquals("hello from a fresh project", echo.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals("jdk", socket.transport().name());
        assertEquals("/consumer", connection.path());
      }
    }
  }
}
