package io.partysocket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.server.LocalhostCertificate;
import io.partysocket.tck.server.ScriptedServer;
import java.io.IOException;
import java.net.URI;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * TLS cases against a certificate for {@code localhost} only, trusted through a request's own
 * {@link SSLContext}.
 */
abstract class TlsCases extends CaseSupport {

  TlsCases(TransportTck owner) {
    super(owner);
  }

  private static SSLContext trusting() {
    return LocalhostCertificate.get().clientContext();
  }

  @Test
  void wssWithCustomTrust() throws IOException {
    ScriptedServer tls = tlsServer();
    RecordingListener listener = listener();

    WebSocketConnection connection =
        open(request(tls.tlsUri("localhost", "/tls")).sslContext(trusting()).build(), listener);
    await(connection.sendText("over tls"));

    assertThat(listener.awaitTexts(1, WAIT)).containsExactly("over tls");
    assertThat(tls.awaitConnection().secure()).isTrue();
  }

  @Test
  void wssDefaultTrustRejectsTestCa() throws IOException {
    URI uri = tlsServer().tlsUri("localhost", "/tls");
    RecordingListener listener = listener();

    ConnectFailedException failure = awaitConnectFailure(connect(request(uri).build(), listener));

    assertThat(failure.kind()).isEqualTo(Kind.TLS);
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void wssHostnameMismatchRejected() throws IOException {
    URI uri = tlsServer().tlsUri("127.0.0.1", "/tls");
    RecordingListener listener = listener();

    ConnectFailedException failure =
        awaitConnectFailure(connect(request(uri).sslContext(trusting()).build(), listener));

    assertThat(failure.kind()).isEqualTo(Kind.TLS);
    assertThat(listener.events()).isEmpty();
  }

  /**
   * Runs for every transport: a transport without per-connection TLS must still honour each
   * request's settings, with a separate client per setting.
   */
  @Test
  void wssPerConnectionTls() throws IOException {
    URI secure = tlsServer().tlsUri("localhost", "/tls");

    open(request(secure).sslContext(trusting()).build(), listener());
    ConnectFailedException untrusted =
        awaitConnectFailure(connect(request(secure).build(), listener()));
    RecordingListener plainListener = listener();
    WebSocketConnection plain = open(request(server.uri("/plain")).build(), plainListener);
    await(plain.sendText("plain after tls"));
    open(request(secure).sslContext(trusting()).build(), listener());

    assertThat(untrusted.kind()).isEqualTo(Kind.TLS);
    assertThat(plainListener.awaitTexts(1, WAIT)).containsExactly("plain after tls");
  }
}
