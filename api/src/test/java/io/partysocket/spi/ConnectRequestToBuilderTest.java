package io.partysocket.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class ConnectRequestToBuilderTest {

  @Test
  void toBuilderKeepsEveryValue() throws Exception {
    SSLContext context = SSLContext.getDefault();
    SSLParameters parameters = new SSLParameters();
    ConnectRequest original =
        ConnectRequest.builder(URI.create("wss://localhost:8443/p?q=1"))
            .subprotocols(List.of("a", "b"))
            .header("X-One", "1")
            .header("X-One", "2")
            .header("Authorization", "Bearer t")
            .connectTimeout(Duration.ofSeconds(3))
            .closeTimeout(Duration.ofSeconds(4))
            .maxInboundMessageBytes(1234)
            .compression(true)
            .sslContext(context)
            .sslParameters(parameters)
            .heartbeatInterval(Duration.ofSeconds(5))
            .build();

    ConnectRequest copy = original.toBuilder().build();

    assertThat(copy.uri()).isEqualTo(original.uri());
    assertThat(copy.subprotocols()).isEqualTo(original.subprotocols());
    assertThat(copy.headers()).isEqualTo(original.headers());
    assertThat(copy.connectTimeout()).isEqualTo(original.connectTimeout());
    assertThat(copy.closeTimeout()).isEqualTo(original.closeTimeout());
    assertThat(copy.maxInboundMessageBytes()).isEqualTo(original.maxInboundMessageBytes());
    assertThat(copy.compression()).isTrue();
    assertThat(copy.sslContext()).isSameAs(context);
    assertThat(copy.sslParameters()).isSameAs(parameters);
    assertThat(copy.heartbeatInterval()).isEqualTo(original.heartbeatInterval());
  }

  @Test
  void toStringHidesQueryAndHeaderValues() {
    ConnectRequest request =
        ConnectRequest.builder(URI.create("ws://127.0.0.1:1/p?token=secret"))
            .header("Authorization", "Bearer hidden")
            .build();

    assertThat(request.toString())
        .doesNotContain("secret")
        .doesNotContain("hidden")
        .contains("Authorization");
  }
}
