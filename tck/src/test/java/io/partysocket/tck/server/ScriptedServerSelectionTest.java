package io.partysocket.tck.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.tck.internal.HttpHead;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handshake selector, the reset handshake and the message sink of {@link ScriptedServer}. */
class ScriptedServerSelectionTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private ScriptedServer server;

  @BeforeEach
  void start() throws IOException {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void resetHandshakeSendsRst() throws IOException {
    server.enqueue(Handshake.reset());

    try (RawClient client = RawClient.upgrade(server.port(), "/reset", "")) {
      assertThatThrownBy(client::readHead).isInstanceOf(SocketException.class);
      ServerConnection peer = server.awaitConnection();
      assertThat(peer.requestReceived()).isTrue();
      assertThat(peer.handshakeAccepted()).isFalse();
      assertThat(peer.awaitTcpEnd(WAIT)).isEqualTo(ServerEvent.How.SERVER_CLOSED);
    }
  }

  @Test
  void selectorChoosesFromRequest() throws IOException {
    server.enqueue(Handshake.reject(500));
    server.setHandshakeSelector(
        connection ->
            connection.headerValues("X-Attempt").contains("1") ? Handshake.reject(503) : null);

    try (RawClient selected = RawClient.upgrade(server.port(), "/", "X-Attempt: 1\r\n");
        RawClient queued = RawClient.upgrade(server.port(), "/", "X-Attempt: 2\r\n")) {
      HttpHead first = selected.readHead();
      HttpHead second = queued.readHead();

      assertThat(first.startLine()).startsWith("HTTP/1.1 503");
      assertThat(second.startLine()).as("falls back to the queue").startsWith("HTTP/1.1 500");
    }
  }

  @Test
  void sinkReceivesUnrecordedMessages() throws IOException {
    List<String> received = new CopyOnWriteArrayList<>();
    server.recordMessages(false);
    server.setMessageSink(
        (connection, message) -> received.add(((ServerEvent.Text) message).text()));
    long before = System.nanoTime();

    try (RawClient client = RawClient.upgrade(server.port(), "/sink", "")) {
      client.readHead();
      client.sendText("one");
      client.sendText("two");
      client.readFrame();
      client.readFrame();
      ServerConnection peer = server.awaitConnection();

      assertThat(received).containsExactly("one", "two");
      assertThat(peer.texts()).as("recorded texts").isEmpty();
      assertThat(peer.handshakeAccepted()).isTrue();
      assertThat(peer.acceptedNanos() - before).as("accepted after the test began").isPositive();
    }
  }
}
