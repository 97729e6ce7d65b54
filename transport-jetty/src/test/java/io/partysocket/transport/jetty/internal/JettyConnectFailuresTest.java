package io.partysocket.transport.jetty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.junit.jupiter.api.Test;

/**
 * The mapping of Jetty's connect failures when no response was recorded, including the TCP connect
 * timeout that no loopback test can provoke.
 */
class JettyConnectFailuresTest {

  private static final URI TARGET = URI.create("ws://localhost:9/room?token=s3cret");
  private static final ConnectRequest REQUEST = ConnectRequest.builder(TARGET).build();

  private static ConnectFailedException map(Throwable failure) {
    return JettyConnectFailures.map(failure, new HandshakeCapture(), REQUEST);
  }

  @Test
  void selectorTimeoutIsConnectTimeout() {
    ConnectFailedException failure = map(new SocketTimeoutException("Connect Timeout"));

    assertThat(failure.kind()).isEqualTo(Kind.CONNECT_TIMEOUT);
  }

  @Test
  void totalTimeoutIsHandshakeTimeout() {
    TimeoutException timeout = new TimeoutException("Total timeout 2000 ms elapsed");

    ConnectFailedException failure = map(new UpgradeException(TARGET, 0, timeout));

    assertThat(failure.kind()).isEqualTo(Kind.HANDSHAKE_TIMEOUT);
  }

  @Test
  void upgradeStatusIsHttpStatus() {
    ConnectFailedException failure =
        map(new CompletionException(new UpgradeException(TARGET, 404, "Not Found")));

    assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(failure.httpStatus()).isEqualTo(404);
  }

  @Test
  void refusedIsRefused() {
    ConnectFailedException failure = map(new ConnectException("Connection refused"));

    assertThat(failure.kind()).isEqualTo(Kind.REFUSED);
    assertThat(failure.getMessage()).doesNotContain("s3cret");
  }
}
