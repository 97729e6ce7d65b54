package io.partysocket.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.RecordingListener.Closed;
import io.partysocket.tck.RecordingListener.Event;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/**
 * How connections end: Jetty's idle timeout never closes an open connection, closes time out
 * whichever side started them, and every end is reported once where Jetty reports an error and a
 * close.
 */
class JettyCloseTest extends JettyTestSupport {

  @Test
  void idleTimeoutOfClientIgnored() throws Exception {
    WebSocketClient client = new WebSocketClient();
    client.setIdleTimeout(Duration.ofMillis(300));
    client.start();
    try (JettyWebSocketFactory shared = new JettyWebSocketFactory(client)) {
      RecordingListener listener = new RecordingListener();
      WebSocketConnection connection = open(shared, request(server.uri("/idle")).build(), listener);

      boolean closed = listener.arrivesWithin(Closed.class, 1, Duration.ofMillis(1500));
      await(connection.sendText("still here"));

      assertThat(closed).as("closed while idle").isFalse();
      assertThat(listener.awaitTexts(1, WAIT)).containsExactly("still here");
    } finally {
      client.stop();
    }
  }

  @Test
  void ownCloseTimesOut() {
    RecordingListener listener = new RecordingListener();
    WebSocketConnection connection = open(request(server.uri("/silent")).build(), listener);
    ServerConnection peer = server.awaitConnection();
    peer.answerClose(false);
    long start = System.nanoTime();

    connection.close(1000, "bye");

    CloseInfo closed = listener.awaitClosed(WAIT);
    long elapsed = millisSince(start);
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(closed.clean()).as("clean").isFalse();
    assertThat(elapsed).as("milliseconds until onClosed").isBetween(900L, 3000L);
    assertThat(peer.awaitTcpEnd(WAIT)).isNotNull();
  }

  @Test
  void jettyCloseReported() {
    RecordingListener listener = new RecordingListener();
    open(request(server.uri("/limit")).maxInboundMessageBytes(1000).build(), listener);
    ServerConnection peer = server.awaitConnection();

    peer.sendText("x".repeat(1001));

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1009);
    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1009);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(closed.clean()).as("clean").isFalse();
    assertThat(closed.cause()).as("cause").isNotNull();
    assertThat(peer.awaitTcpEnd(WAIT)).isNotNull();
  }

  @Test
  void jettyCloseStuckTimesOut() {
    server.enqueue(Handshake.accept().noEcho());
    RecordingListener listener = new RecordingListener();
    WebSocketConnection connection =
        open(request(server.uri("/stuck")).maxInboundMessageBytes(1000).build(), listener);
    ServerConnection peer = server.awaitConnection();
    peer.stopReading();
    // 10 MiB: far more than the TCP buffers between the two ends hold.
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sends.add(connection.sendBinary(ByteBuffer.allocate(256 * 1024)).toCompletableFuture());
    }
    long start = System.nanoTime();

    // Jetty replies with a close frame that cannot be written while the peer reads nothing.
    peer.sendText("x".repeat(1001));

    CloseInfo closed = listener.awaitClosed(WAIT);
    long elapsed = millisSince(start);
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(elapsed).as("milliseconds until onClosed").isBetween(900L, 2500L);
    assertThat(sends.get(sends.size() - 1)).as("last send").isCompletedExceptionally();
  }

  @Test
  void peerCloseIsRemote() {
    RecordingListener listener = new RecordingListener();
    open(request(server.uri("/peer-close")).build(), listener);
    ServerConnection peer = server.awaitConnection();

    peer.close(4001, "bye");

    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(4001);
    assertThat(closed.reason()).isEqualTo("bye");
    assertThat(closed.remote()).as("remote").isTrue();
    assertThat(closed.clean()).as("clean").isTrue();
    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(4001);
  }

  @Test
  void resetReportedOnce() {
    RecordingListener listener = new RecordingListener();
    open(request(server.uri("/reset")).build(), listener);

    server.awaitConnection().reset();

    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.remote()).as("remote").isTrue();
    assertThat(closed.cause()).as("cause").isNotNull();
    assertThat(listener.arrivesWithin(Closed.class, 2, QUIET)).as("second onClosed").isFalse();
    assertThat(listener.violations()).isEmpty();
  }

  @Test
  void finReportedOnce() {
    RecordingListener listener = new RecordingListener();
    open(request(server.uri("/fin")).build(), listener);

    server.awaitConnection().fin();

    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.remote()).as("remote").isTrue();
    assertThat(listener.arrivesWithin(Closed.class, 2, QUIET)).as("second onClosed").isFalse();
    assertThat(listener.violations()).isEmpty();
  }

  @Test
  void abortReportedOnce() {
    RecordingListener listener = new RecordingListener();
    WebSocketConnection connection = open(request(server.uri("/abort")).build(), listener);

    connection.abort();

    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(closed.cause()).as("cause").isNull();
    assertThat(listener.arrivesWithin(Closed.class, 2, QUIET)).as("second onClosed").isFalse();
    assertThat(server.awaitConnection().awaitTcpEnd(WAIT)).isNotNull();
  }

  @Test
  void refusedConnectSilent() throws Exception {
    RecordingListener listener = new RecordingListener();
    URI nowhere = URI.create("ws://127.0.0.1:" + closedPort() + "/");

    ConnectFailedException failure =
        awaitConnectFailure(factory.connect(request(nowhere).build(), listener));

    assertThat(failure.kind()).isEqualTo(ConnectFailedException.Kind.REFUSED);
    assertThat(listener.arrivesWithin(Event.class, 1, QUIET)).as("any callback").isFalse();
  }

  @Test
  void rejectedConnectSilent() {
    server.enqueue(Handshake.reject(403));
    RecordingListener listener = new RecordingListener();

    ConnectFailedException failure =
        awaitConnectFailure(factory.connect(request(server.uri("/no")).build(), listener));

    assertThat(failure.httpStatus()).isEqualTo(403);
    assertThat(listener.arrivesWithin(Event.class, 1, QUIET)).as("any callback").isFalse();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }
}
