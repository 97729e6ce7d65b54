package io.partysocket.tck.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.tck.internal.Frame;
import io.partysocket.tck.internal.HttpHead;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScriptedServerTest {

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
  void acceptsEchoesAndRecords() throws IOException {
    try (RawClient client =
        RawClient.upgrade(server.port(), "/room?x=1", "Sec-WebSocket-Protocol: b, a\r\n")) {
      HttpHead response = client.readHead();
      client.sendText("hello");
      Frame echo = client.readFrame();
      ServerConnection peer = server.awaitConnection();

      assertThat(response.startLine()).startsWith("HTTP/1.1 101");
      assertThat(response.header("Sec-WebSocket-Accept"))
          .isEqualTo(HttpHead.acceptKey(RawClient.KEY));
      assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo("b");
      assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(echo.masked()).as("server frame masked").isFalse();
      assertThat(peer.path()).isEqualTo("/room");
      assertThat(peer.query()).isEqualTo("x=1");
      assertThat(peer.offeredSubprotocols()).containsExactly("b", "a");
      assertThat(peer.await(ServerEvent.Text.class, WAIT).text()).isEqualTo("hello");
    }
  }

  @Test
  void rejectionCarriesStatusHeadersBody() throws IOException {
    server.enqueue(Handshake.reject(503).header("Retry-After", "7").body("busy"));

    try (RawClient client = RawClient.upgrade(server.port(), "/", "")) {
      HttpHead response = client.readHead();

      assertThat(response.startLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
      assertThat(response.header("Retry-After")).isEqualTo("7");
      assertThat(new String(client.in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("busy");
    }
  }

  @Test
  void wrongAcceptKeyDiffers() throws IOException {
    server.enqueue(Handshake.accept().wrongAcceptKey());

    try (RawClient client = RawClient.upgrade(server.port(), "/", "")) {
      assertThat(client.readHead().header("Sec-WebSocket-Accept"))
          .isNotEqualTo(HttpHead.acceptKey(RawClient.KEY));
    }
  }

  @Test
  void fragmentsAndControlFramesSentAsScripted() throws IOException {
    try (RawClient client = RawClient.upgrade(server.port(), "/", "")) {
      client.readHead();
      ServerConnection peer = server.awaitConnection();

      peer.sendFrame(Frame.OP_TEXT, false, new byte[] {'a'});
      peer.ping(new byte[] {1});
      peer.sendFrame(Frame.OP_CONTINUATION, true, new byte[] {'b'});

      assertThat(client.readFrame().fin()).isFalse();
      assertThat(client.readFrame().opcode()).isEqualTo(Frame.OP_PING);
      assertThat(client.readFrame().opcode()).isEqualTo(Frame.OP_CONTINUATION);
    }
  }

  @Test
  void resetSendsRst() throws IOException {
    try (RawClient client = RawClient.upgrade(server.port(), "/", "")) {
      client.readHead();

      server.awaitConnection().reset();

      assertThatThrownBy(() -> client.in.read()).isInstanceOf(SocketException.class);
    }
  }

  @Test
  void finEndsStream() throws IOException {
    try (RawClient client = RawClient.upgrade(server.port(), "/", "")) {
      client.readHead();

      server.awaitConnection().fin();

      assertThat(client.in.read()).isEqualTo(-1);
    }
  }

  @Test
  void countsOpenSockets() throws IOException {
    RawClient client = RawClient.upgrade(server.port(), "/", "");
    client.readHead();
    ServerConnection peer = server.awaitConnection();
    assertThat(server.openSockets()).isEqualTo(1);

    client.close();

    assertThat(peer.awaitTcpEnd(WAIT)).isEqualTo(ServerEvent.How.CLIENT_FIN);
    server.awaitNoOpenSockets(WAIT);
  }

  @Test
  void restartsOnSamePort() throws IOException {
    int port = server.port();
    server.stop();
    assertThatThrownBy(() -> RawClient.upgrade(port, "/", "")).isInstanceOf(IOException.class);

    server.restart();

    try (RawClient client = RawClient.upgrade(port, "/", "")) {
      assertThat(client.readHead().startLine()).startsWith("HTTP/1.1 101");
    }
    assertThat(server.port()).isEqualTo(port);
  }

  @Test
  void certificateNamesOnlyLocalhost() throws CertificateParsingException {
    List<List<?>> names =
        List.copyOf(LocalhostCertificate.get().certificate().getSubjectAlternativeNames());

    assertThat(names).containsExactly(List.of(2, "localhost"));
  }
}
