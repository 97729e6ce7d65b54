package io.partysocket.tck.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.tck.internal.HttpHead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JettyServerTest {

  private JettyServer jetty;

  @BeforeEach
  void start() {
    jetty = JettyServer.start();
  }

  @AfterEach
  void stop() {
    jetty.close();
  }

  @Test
  void echoesAndRecords() throws IOException {
    try (RawClient client =
        RawClient.upgrade(jetty.port(), "/jetty?q=1", "Sec-WebSocket-Protocol: one, two\r\n")) {
      HttpHead response = client.readHead();
      client.sendText("hi jetty");
      String echoed = new String(client.readFrame().payload(), StandardCharsets.UTF_8);
      JettyConnection peer = jetty.awaitConnection();

      assertThat(response.startLine()).startsWith("HTTP/1.1 101");
      assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo("one");
      assertThat(echoed).isEqualTo("hi jetty");
      assertThat(peer.path()).isEqualTo("/jetty");
      assertThat(peer.query()).isEqualTo("q=1");
      assertThat(peer.offeredSubprotocols()).containsExactly("one", "two");
      assertThat(peer.await(ServerEvent.Text.class, Duration.ofSeconds(5)).text())
          .isEqualTo("hi jetty");
    }
  }

  @Test
  void negotiatesPermessageDeflate() throws IOException {
    try (RawClient client =
        RawClient.upgrade(
            jetty.port(), "/deflate", "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
      HttpHead response = client.readHead();
      JettyConnection peer = jetty.awaitConnection();

      assertThat(response.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
      assertThat(peer.offeredExtensions()).containsExactly("permessage-deflate");
      assertThat(peer.negotiatedExtensions()).anyMatch(e -> e.startsWith("permessage-deflate"));
    }
  }
}
