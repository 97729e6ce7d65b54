package io.partysocket.transport.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseInfo;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.FaultProxy;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Liveness through OkHttp's ping interval, the only heartbeat OkHttp offers: it has no API to send
 * a ping and hides pongs.
 */
class OkHttpHeartbeatTest extends OkHttpFixture {

  private static final Duration INTERVAL = Duration.ofMillis(500);

  @Test
  void silentPeerEndsConnection() throws IOException {
    FaultProxy proxy = closeLater(FaultProxy.start(server.port()));
    RecordingListener listener = listener();
    open(request(proxy.uri("/heartbeat")).heartbeatInterval(INTERVAL).build(), listener);

    proxy.blackhole();
    long start = System.nanoTime();

    CloseInfo closed = listener.awaitClosed(WAIT);
    long elapsed = millisSince(start);
    // A blackholed proxy does not pass the client's close on to the server.
    proxy.forward();
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.clean()).as("clean").isFalse();
    assertThat(closed.remote()).as("remote").isTrue();
    assertThat(closed.cause()).isInstanceOf(SocketTimeoutException.class);
    assertThat(elapsed).isLessThanOrEqualTo(2 * INTERVAL.toMillis() + 2000);
  }

  @Test
  void noHeartbeatWithoutInterval() throws IOException {
    FaultProxy proxy = closeLater(FaultProxy.start(server.port()));
    RecordingListener listener = listener();
    open(request(proxy.uri("/no-heartbeat")).build(), listener);

    proxy.blackhole();
    boolean closed =
        listener.arrivesWithin(RecordingListener.Closed.class, 1, INTERVAL.multipliedBy(4));
    proxy.forward();

    assertThat(closed).as("closed while the peer was silent").isFalse();
  }
}
