package io.partysocket.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.LocalhostCertificate;
import io.partysocket.tck.server.ScriptedServer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS against a certificate for {@code localhost} only: the request's context and parameters are
 * used, and the host name is verified even though a wrapped {@link SSLContext} leaves that off in
 * Netty.
 */
class NettyTlsTest {

  private final NettyWebSocketFactory factory = new NettyWebSocketFactory();
  private ScriptedServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = ScriptedServer.startWithTls(LocalhostCertificate.get());
  }

  @AfterEach
  void stop() {
    factory.close();
    server.close();
  }

  private static SSLContext trusting() {
    return LocalhostCertificate.get().clientContext();
  }

  @Test
  void customTrustOpensWithSni() throws Exception {
    ConnectRequest request =
        ConnectRequest.builder(server.tlsUri("localhost", "/")).sslContext(trusting()).build();

    WebSocketConnection connection = open(request);
    ExtendedSSLSession session = (ExtendedSSLSession) server.tlsSession(server.awaitConnection());

    assertThat(connection.subprotocol()).isNull();
    assertThat(session.getRequestedServerNames()).containsExactly(new SNIHostName("localhost"));
  }

  @Test
  void defaultTrustRejectsTestCertificate() throws Exception {
    ConnectRequest request = ConnectRequest.builder(server.tlsUri("localhost", "/")).build();

    assertThat(connectFailure(request).kind()).isEqualTo(Kind.TLS);
  }

  @Test
  void customContextStillVerifiesHostname() throws Exception {
    ConnectRequest request =
        ConnectRequest.builder(server.tlsUri("127.0.0.1", "/")).sslContext(trusting()).build();

    assertThat(connectFailure(request).kind()).isEqualTo(Kind.TLS);
  }

  @Test
  void parametersKeepHostnameCheck() throws Exception {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3"});
    ConnectRequest request =
        ConnectRequest.builder(server.tlsUri("127.0.0.1", "/"))
            .sslContext(trusting())
            .sslParameters(parameters)
            .build();

    assertThat(connectFailure(request).kind()).isEqualTo(Kind.TLS);
  }

  @Test
  void parametersApplied() throws Exception {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.2"});

    open(ConnectRequest.builder(server.tlsUri("localhost", "/")).sslContext(trusting()).build());
    open(
        ConnectRequest.builder(server.tlsUri("localhost", "/"))
            .sslContext(trusting())
            .sslParameters(parameters)
            .build());

    assertThat(server.tlsSession(server.awaitConnection()).getProtocol()).isEqualTo("TLSv1.3");
    assertThat(server.tlsSession(server.awaitConnection()).getProtocol()).isEqualTo("TLSv1.2");
  }

  /** An explicit empty algorithm is the application's own choice, and it is honoured. */
  @Test
  void emptyAlgorithmTurnsVerificationOff() throws Exception {
    SSLParameters parameters = new SSLParameters();
    parameters.setEndpointIdentificationAlgorithm("");
    ConnectRequest request =
        ConnectRequest.builder(server.tlsUri("127.0.0.1", "/"))
            .sslContext(trusting())
            .sslParameters(parameters)
            .build();

    WebSocketConnection connection = open(request);

    assertThat(connection.extensions()).isEqualTo(List.of());
  }

  private WebSocketConnection open(ConnectRequest request) throws Exception {
    return factory
        .connect(request, new RecordingListener())
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private ConnectFailedException connectFailure(ConnectRequest request) throws Exception {
    try {
      open(request);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ConnectFailedException.class);
      return (ConnectFailedException) e.getCause();
    }
    throw new AssertionError("The connect succeeded but should have failed");
  }
}
