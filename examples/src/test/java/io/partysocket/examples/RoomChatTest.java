package io.partysocket.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.PartySocketOptions;
import io.partysocket.WebSocketOptions;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs {@link RoomChat} against a scripted echo server on 127.0.0.1. */
class RoomChatTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private ScriptedServer server;
  private ExecutorService executor;

  @BeforeEach
  void start() throws Exception {
    server = ScriptedServer.start();
    executor = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stop() throws Exception {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    server.close();
  }

  @Test
  void chatInRoom() throws Exception {
    PartySocketOptions options =
        PartySocketOptions.builder()
            .host("127.0.0.1:" + server.port())
            .room("my-room")
            .id("connection-1")
            .socketOptions(WebSocketOptions.builder().connectionTimeout(WAIT).build())
            .build();
    PipedOutputStream typing = new PipedOutputStream();
    PipedInputStream input = new PipedInputStream(typing);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream output = new PrintStream(printed, true, StandardCharsets.UTF_8);
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    Future<?> chat =
        executor.submit(
            () -> {
              RoomChat.chat(options, input, output, log);
              return null;
            });
    ServerConnection connection = server.awaitConnection(WAIT);
    typing.write("hello room\n".getBytes(StandardCharsets.UTF_8));
    typing.flush();
    connection.await(ServerEvent.Text.class, WAIT);
    Await.until("the echo", () -> printed.toString(StandardCharsets.UTF_8).contains("hello room"));
    connection.sendText("hi from the room");
    Await.until(
        "the room's message",
        () -> printed.toString(StandardCharsets.UTF_8).contains("hi from the room"));
    typing.close();
    chat.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(connection.path()).isEqualTo("/parties/main/my-room");
    assertThat(connection.query()).isEqualTo("_pk=connection-1");
    assertThat(connection.texts()).containsExactly("hello room");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "hello room" + System.lineSeparator() + "hi from the room" + System.lineSeparator());
    assertThat(connection.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1000);
  }
}
