package io.partysocket.transport.jdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import java.net.URI;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The mapping of the JDK client's request errors, which must not leak header values. */
class JdkConnectFailuresTest {

  private static final String SECRET = "Bearer SECRET-TOKEN";

  private final ConnectRequest request =
      ConnectRequest.builder(URI.create("ws://127.0.0.1:9/x?token=QUERY-SECRET")).build();

  @Test
  void requestErrorHidesJdkMessage() {
    IllegalArgumentException jdk = new IllegalArgumentException("invalid header value: " + SECRET);

    ConnectFailedException failure = JdkConnectFailures.map(new CompletionException(jdk), request);

    assertThat(failure.getMessage()).contains("rejected the upgrade request");
    assertThat(failure.getMessage()).doesNotContain(SECRET).doesNotContain("QUERY-SECRET");
    assertThat(failure.getCause().getMessage()).doesNotContain(SECRET);
    assertThat(failure.getCause().getStackTrace()).isEqualTo(jdk.getStackTrace());
  }
}
