package io.partysocket.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.WebSocketOptions;
import io.partysocket.tck.server.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs {@link ChooseTransport} against a scripted echo server on 127.0.0.1. */
class ChooseTransportTest {

  private ScriptedServer server;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream output = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @BeforeEach
  void start() throws Exception {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void jdkByName() throws Exception {
    boolean replied = ChooseTransport.run(server.uri("/echo").toString(), "jdk", output);

    assertThat(replied).isTrue();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("transport jdk (priority ")
        .contains("reply: hello from jdk");
  }

  @Test
  void highestPriorityWithoutName() throws Exception {
    boolean replied = ChooseTransport.run(server.uri("/echo").toString(), null, output);

    assertThat(replied).isTrue();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("transport okhttp (priority 30)")
        .contains("reply: hello from okhttp");
  }

  @Test
  void unknownNameListsFound() {
    assertThatThrownBy(() -> ChooseTransport.run(server.uri("/echo").toString(), "nope", output))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope")
        .hasMessageContaining("found: okhttp, jdk");
  }

  @Test
  void systemPropertyNamesTransport() {
    String before = System.getProperty(WebSocketOptions.TRANSPORT_PROPERTY);
    System.setProperty(WebSocketOptions.TRANSPORT_PROPERTY, "nope");
    try {
      assertThatThrownBy(() -> ChooseTransport.run(server.uri("/echo").toString(), null, output))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nope");
    } finally {
      if (before == null) {
        System.clearProperty(WebSocketOptions.TRANSPORT_PROPERTY);
      } else {
        System.setProperty(WebSocketOptions.TRANSPORT_PROPERTY, before);
      }
    }
  }
}
