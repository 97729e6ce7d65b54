package io.partysocket.tck.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.tck.internal.HttpHead;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScriptedServerTlsTest {

  private static final String UPGRADE =
      "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: "
          + RawClient.KEY
          + "\r\nSec-WebSocket-Version: 13\r\n\r\n";

  private ScriptedServer server;

  @BeforeEach
  void start() throws IOException {
    server = ScriptedServer.startWithTls(LocalhostCertificate.get());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void tlsSessionShowsProtocolAndSni() throws IOException {
    try (SSLSocket socket = tlsClient("TLSv1.2")) {
      socket.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
      HttpHead response = HttpHead.read(socket.getInputStream(), 16 * 1024);
      SSLSession session = server.tlsSession(server.awaitConnection());

      assertThat(response.startLine()).startsWith("HTTP/1.1 101");
      assertThat(session.getProtocol()).isEqualTo("TLSv1.2");
      assertThat(((ExtendedSSLSession) session).getRequestedServerNames())
          .containsExactly(new SNIHostName("localhost"));
    }
  }

  @Test
  void tlsSessionRejectsPlainConnection() throws IOException {
    try (RawClient client = RawClient.upgrade(server.port(), "/", "")) {
      client.readHead();
      ServerConnection peer = server.awaitConnection();

      assertThatThrownBy(() -> server.tlsSession(peer))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** Returns a client socket that trusts the test certificate and sends SNI {@code localhost}. */
  private SSLSocket tlsClient(String protocol) throws IOException {
    SSLSocket socket =
        (SSLSocket)
            LocalhostCertificate.get()
                .clientContext()
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.tlsPort());
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(new String[] {protocol});
    parameters.setServerNames(List.of(new SNIHostName("localhost")));
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(5000);
    return socket;
  }
}
