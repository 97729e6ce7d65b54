package io.partysocket.transport.tyrus;

import static io.partysocket.transport.tyrus.TyrusTests.WAIT;
import static io.partysocket.transport.tyrus.TyrusTests.await;
import static io.partysocket.transport.tyrus.TyrusTests.awaitFailure;
import static io.partysocket.transport.tyrus.TyrusTests.open;
import static io.partysocket.transport.tyrus.TyrusTests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.LocalhostCertificate;
import io.partysocket.tck.server.ScriptedServer;
import java.net.URI;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS over Tyrus, whose manager-wide SSL engine configurator applies to every connection whatever
 * its scheme, and takes precedence over a connection's own context.
 */
class TyrusTlsTest {

  private ScriptedServer server;
  private TyrusWebSocketFactory factory;

  @BeforeEach
  void start() throws Exception {
    server = ScriptedServer.startWithTls(LocalhostCertificate.get());
  }

  @AfterEach
  void stop() {
    if (factory != null) {
      factory.close();
    }
    server.close();
  }

  private static RecordingListener listener() {
    return new RecordingListener();
  }

  private static SSLContext trusting() {
    return LocalhostCertificate.get().clientContext();
  }

  private URI secure() {
    return server.tlsUri("localhost", "/tls");
  }

  @Test
  void configuratorSkipsPlainConnections() throws Exception {
    factory = new TyrusWebSocketFactory(managerWithConfigurator(trusting()));
    RecordingListener plainListener = new RecordingListener();

    open(factory, request(secure()).build(), new RecordingListener());
    WebSocketConnection plain = open(factory, request(server.uri("/plain")).build(), plainListener);
    await(plain.sendText("plain after tls"));

    assertThat(plainListener.awaitTexts(1, WAIT)).containsExactly("plain after tls");
    assertThat(server.awaitConnection().secure()).as("first connection secure").isTrue();
  }

  @Test
  void requestContextBeatsConfigurator() throws Exception {
    factory = new TyrusWebSocketFactory(managerWithConfigurator(SSLContext.getDefault()));

    Throwable untrusted =
        awaitFailure(factory.connect(request(secure()).build(), new RecordingListener()));
    WebSocketConnection trusted =
        open(factory, request(secure()).sslContext(trusting()).build(), new RecordingListener());

    assertThat(((ConnectFailedException) untrusted).kind()).isEqualTo(Kind.TLS);
    assertThat(trusted.subprotocol()).isNull();
  }

  @Test
  void sslParametersApplied() throws Exception {
    factory = new TyrusWebSocketFactory();
    RecordingSslContext context = RecordingSslContext.wrapping(trusting());
    SSLParameters tls12 = new SSLParameters();
    tls12.setProtocols(new String[] {"TLSv1.2"});

    open(factory, request(secure()).sslContext(context).sslParameters(tls12).build(), listener());

    assertThat(context.engines()).hasSize(1);
    SSLEngine engine = context.engines().get(0);
    assertThat(engine.getSession().getProtocol()).isEqualTo("TLSv1.2");
    assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
  }

  @Test
  void parametersKeepHostnameCheck() throws Exception {
    factory = new TyrusWebSocketFactory();
    SSLParameters noIdentification = new SSLParameters();
    noIdentification.setEndpointIdentificationAlgorithm(null);

    Throwable mismatch =
        awaitFailure(
            factory.connect(
                request(server.tlsUri("127.0.0.1", "/tls"))
                    .sslContext(trusting())
                    .sslParameters(noIdentification)
                    .build(),
                new RecordingListener()));

    assertThat(((ConnectFailedException) mismatch).kind()).isEqualTo(Kind.TLS);
  }

  private static ClientManager managerWithConfigurator(SSLContext context) {
    ClientManager manager = ClientManager.createClient();
    manager
        .getProperties()
        .put(
            ClientProperties.SSL_ENGINE_CONFIGURATOR,
            new SSLEngineConfigurator(context, true, false, false));
    return manager;
  }
}
