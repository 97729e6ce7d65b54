package io.partysocket.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdkTlsTest {

  private final JdkWebSocketFactory factory = new JdkWebSocketFactory();
  private RawWebSocketServer tls;
  private RawWebSocketServer plain;

  @BeforeEach
  void startServer() throws Exception {
    tls =
        RawWebSocketServer.startTls(
            TestTls.serverContext(),
            peer -> {
              peer.accept(null);
              peer.drainUntilEof();
            });
  }

  @AfterEach
  void stop() throws Exception {
    factory.close();
    tls.close();
    if (plain != null) {
      plain.close();
    }
  }

  @Test
  void opensWithCustomTrust() throws Exception {
    ConnectRequest request =
        ConnectRequest.builder(tls.uri("localhost", "/"))
            .sslContext(TestTls.trustingClientContext())
            .build();

    WebSocketConnection connection = open(request);

    assertThat(connection).isNotNull();
  }

  @Test
  void defaultTrustRejectsTestCertificate() throws Exception {
    ConnectRequest request = ConnectRequest.builder(tls.uri("localhost", "/")).build();

    assertThat(connectFailure(request).kind()).isEqualTo(Kind.TLS);
  }

  @Test
  void hostnameMismatchRejected() throws Exception {
    ConnectRequest request =
        ConnectRequest.builder(tls.uri("127.0.0.1", "/"))
            .sslContext(TestTls.trustingClientContext())
            .build();

    assertThat(connectFailure(request).kind()).isEqualTo(Kind.TLS);
  }

  @Test
  void differentTrustPerRequest() throws Exception {
    SSLContext trusting = TestTls.trustingClientContext();
    SSLContext otherTrusting = TestTls.trustingClientContext();
    plain = RawWebSocketServer.start(peer -> peer.accept(null));

    WebSocketConnection first =
        open(ConnectRequest.builder(tls.uri("localhost", "/")).sslContext(trusting).build());
    WebSocketConnection second =
        open(ConnectRequest.builder(tls.uri("localhost", "/")).sslContext(otherTrusting).build());
    WebSocketConnection afterwards =
        open(ConnectRequest.builder(plain.uri("/")).sslContext(trusting).build());
    ConnectFailedException untrusted =
        connectFailure(ConnectRequest.builder(tls.uri("localhost", "/")).build());

    assertThat(first).isNotNull();
    assertThat(second).isNotNull();
    assertThat(afterwards).isNotNull();
    assertThat(untrusted.kind()).isEqualTo(Kind.TLS);
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
