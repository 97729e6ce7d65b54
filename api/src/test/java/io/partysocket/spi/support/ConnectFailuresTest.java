package io.partysocket.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectFailuresTest {

  private static final String TARGET = "ws://127.0.0.1:1/room?<redacted>";

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(new ConnectException("Connection refused"), Kind.REFUSED),
        Arguments.of(new ConnectException(null), Kind.REFUSED),
        Arguments.of(new ConnectException("Network is unreachable"), Kind.IO),
        Arguments.of(new ConnectException("Connection timed out"), Kind.CONNECT_TIMEOUT),
        Arguments.of(new UnknownHostException("nowhere.invalid"), Kind.UNKNOWN_HOST),
        Arguments.of(new UnresolvedAddressException(), Kind.UNKNOWN_HOST),
        Arguments.of(new SSLHandshakeException("PKIX path building failed"), Kind.TLS),
        Arguments.of(new IOException(new SSLHandshakeException("bad certificate")), Kind.TLS),
        Arguments.of(new IOException(new CertificateException("expired")), Kind.TLS),
        Arguments.of(new SocketTimeoutException("Read timed out"), Kind.HANDSHAKE_TIMEOUT),
        Arguments.of(new SocketTimeoutException("Connect timed out"), Kind.CONNECT_TIMEOUT),
        Arguments.of(new TimeoutException(), Kind.HANDSHAKE_TIMEOUT),
        Arguments.of(new HttpTimeoutException("request timed out"), Kind.HANDSHAKE_TIMEOUT),
        Arguments.of(new HttpConnectTimeoutException("timed out"), Kind.CONNECT_TIMEOUT),
        Arguments.of(new ConnectTimeoutException("timed out"), Kind.CONNECT_TIMEOUT),
        Arguments.of(new CancellationException(), Kind.CANCELLED),
        Arguments.of(new CompletionException(new ConnectException("refused")), Kind.REFUSED),
        Arguments.of(new ExecutionException(new UnknownHostException("x")), Kind.UNKNOWN_HOST),
        Arguments.of(new IOException("Connection reset"), Kind.IO),
        Arguments.of(new IllegalStateException("odd"), Kind.IO));
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void mapsKind(Throwable failure, Kind expected) {
    ConnectFailedException mapped = ConnectFailures.toConnectFailed(failure, TARGET);

    assertThat(mapped.kind()).isEqualTo(expected);
  }

  @Test
  void attachesUnwrappedCause() {
    ConnectException refused = new ConnectException("Connection refused");

    ConnectFailedException mapped =
        ConnectFailures.toConnectFailed(new CompletionException(refused), TARGET);

    assertThat(mapped.getCause()).isSameAs(refused);
  }

  @Test
  void messageNamesTargetButNotCauseMessage() {
    IOException failure = new IOException("GET /room?token=secret failed");

    ConnectFailedException mapped = ConnectFailures.toConnectFailed(failure, TARGET);

    assertThat(mapped.getMessage()).contains(TARGET);
    assertThat(mapped.getMessage()).doesNotContain("secret");
  }

  @Test
  void returnsExistingConnectFailedException() {
    ConnectFailedException original =
        new ConnectFailedException(Kind.PROTOCOL, "bad accept key", null);

    ConnectFailedException mapped =
        ConnectFailures.toConnectFailed(new CompletionException(original), TARGET);

    assertThat(mapped).isSameAs(original);
  }

  @Test
  void unwrapStopsAtWrapperWithoutCause() {
    CompletionException wrapper = new CompletionException("no cause", null);

    assertThat(ConnectFailures.unwrap(wrapper)).isSameAs(wrapper);
  }

  /** Named like the JDK's type, which this module cannot see. */
  private static final class HttpTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    HttpTimeoutException(String message) {
      super(message);
    }
  }

  /** Named like the JDK's type, which this module cannot see. */
  private static final class HttpConnectTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    HttpConnectTimeoutException(String message) {
      super(message);
    }
  }

  /** Named like Netty's type, which extends ConnectException. */
  private static final class ConnectTimeoutException extends ConnectException {
    private static final long serialVersionUID = 1L;

    ConnectTimeoutException(String message) {
      super(message);
    }
  }

  @Test
  void jettyConnectTimeoutIsConnectTimeout() {
    assertThat(ConnectFailures.kindOf(new SocketTimeoutException("Connect Timeout")))
        .isEqualTo(Kind.CONNECT_TIMEOUT);
    assertThat(
            ConnectFailures.kindOf(
                new java.net.SocketTimeoutException("Concurrent Connect Timeout")))
        .isEqualTo(Kind.CONNECT_TIMEOUT);
  }
}
