package io.partysocket.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.LocalhostCertificate;
import io.partysocket.tck.server.ScriptedServer;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS settings per request. Jetty applies them per HTTP client, so each distinct setting gets a
 * cached client of its own. The request's parameters apply, and host names stay checked.
 */
class JettyTlsTest extends JettyTestSupport {

  private ScriptedServer tls;

  @BeforeEach
  void startTls() throws IOException {
    tls = ScriptedServer.startWithTls(LocalhostCertificate.get());
  }

  @AfterEach
  void stopTls() {
    tls.close();
  }

  private static SSLContext trusting() {
    return LocalhostCertificate.get().clientContext();
  }

  private URI localhost() {
    return tls.tlsUri("localhost", "/tls");
  }

  @Test
  void hostnameCheckedWithParameters() {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    URI byAddress = tls.tlsUri("127.0.0.1", "/tls");

    ConnectFailedException failure =
        awaitConnectFailure(
            factory.connect(
                request(byAddress).sslContext(trusting()).sslParameters(parameters).build(),
                new RecordingListener()));

    assertThat(failure.kind()).isEqualTo(Kind.TLS);
    assertThat(parameters.getEndpointIdentificationAlgorithm())
        .as("request's parameters left unchanged")
        .isNull();
  }

  @Test
  void parametersApplied() {
    SSLParameters parameters = new SSLParameters();
    // TLS 1.0 is disabled in the JDK, so a client limited to it cannot connect.
    parameters.setProtocols(new String[] {"TLSv1"});

    ConnectFailedException failure =
        awaitConnectFailure(
            factory.connect(
                request(localhost()).sslContext(trusting()).sslParameters(parameters).build(),
                new RecordingListener()));

    assertThat(failure.kind()).isEqualTo(Kind.TLS);
  }

  @Test
  void clientPerSetting() {
    SSLContext first = trusting();
    SSLContext second = trusting();

    open(request(localhost()).sslContext(first).build(), new RecordingListener());
    open(request(localhost()).sslContext(first).build(), new RecordingListener());
    open(request(localhost()).sslContext(second).build(), new RecordingListener());
    open(request(server.uri("/plain")).sslContext(second).build(), new RecordingListener());

    assertThat(factory.tlsClientCount()).isEqualTo(2);
  }

  @Test
  void droppedClientKeepsConnection() {
    RecordingListener firstListener = new RecordingListener();
    WebSocketConnection first =
        open(request(localhost()).sslContext(trusting()).build(), firstListener);
    List<WebSocketConnection> others = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      others.add(
          open(request(localhost()).sslContext(trusting()).build(), new RecordingListener()));
    }

    await(first.sendText("after eviction"));
    assertThat(firstListener.awaitTexts(1, WAIT)).containsExactly("after eviction");
    assertThat(factory.tlsClientCount()).isEqualTo(16);
    assertThat(factory.retiredClientCount()).as("dropped clients in use").isEqualTo(1);

    await(first.close(1000, "done"));
    firstListener.awaitClosed(WAIT);
    awaitCondition(() -> factory.retiredClientCount() == 0, "stopping the dropped client");
  }
}
