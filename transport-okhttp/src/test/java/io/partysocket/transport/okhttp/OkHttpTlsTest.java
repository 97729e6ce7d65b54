package io.partysocket.transport.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.LocalhostCertificate;
import io.partysocket.tck.server.ScriptedServer;
import java.net.URI;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TLS settings per request, SSLParameters, and the application client's own TLS settings. */
class OkHttpTlsTest extends OkHttpFixture {

  private URI secure;

  @BeforeEach
  void startTlsServer() throws Exception {
    ScriptedServer tls = closeLater(ScriptedServer.startWithTls(LocalhostCertificate.get()));
    secure = tls.tlsUri("localhost", "/tls");
  }

  private static SSLContext trusting() {
    return LocalhostCertificate.get().clientContext();
  }

  @Test
  void sslParametersProtocolsApplied() {
    SSLParameters onlyTls13 = new SSLParameters();
    onlyTls13.setProtocols(new String[] {"TLSv1.3"});
    SSLParameters onlyTls11 = new SSLParameters();
    onlyTls11.setProtocols(new String[] {"TLSv1.1"});

    WebSocketConnection accepted =
        open(request(secure).sslContext(trusting()).sslParameters(onlyTls13).build(), listener());
    ConnectFailedException rejected =
        awaitConnectFailure(
            factory.connect(
                request(secure).sslContext(trusting()).sslParameters(onlyTls11).build(),
                listener()));

    assertThat(accepted.subprotocol()).isNull();
    assertThat(rejected.kind()).isEqualTo(Kind.TLS);
  }

  @Test
  void hostnameCheckedDespiteParameters() {
    SSLParameters noIdentification = new SSLParameters();
    noIdentification.setEndpointIdentificationAlgorithm(null);
    URI byAddress = URI.create(secure.toString().replace("localhost", "127.0.0.1"));

    ConnectFailedException failure =
        awaitConnectFailure(
            factory.connect(
                request(byAddress).sslContext(trusting()).sslParameters(noIdentification).build(),
                listener()));

    assertThat(failure.kind()).isEqualTo(Kind.TLS);
  }

  @Test
  void applicationClientTrustUsed() throws Exception {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .sslSocketFactory(trusting().getSocketFactory(), trustManager())
            .build();
    factory = new OkHttpWebSocketFactory(client);
    RecordingListener listener = listener();

    WebSocketConnection connection = open(request(secure).build(), listener);
    await(connection.sendText("over the application's TLS"));

    assertThat(listener.awaitTexts(1, WAIT)).containsExactly("over the application's TLS");
  }

  private static X509TrustManager trustManager() throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("localhost", LocalhostCertificate.get().certificate());
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }
}
