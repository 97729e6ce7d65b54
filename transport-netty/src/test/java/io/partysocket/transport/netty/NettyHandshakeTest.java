package io.partysocket.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.transport.netty.RawWebSocketServer.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The opening handshake: the traps of Netty's raw client handshaker. */
class NettyHandshakeTest {

  private final NettyWebSocketFactory factory = new NettyWebSocketFactory();
  private RawWebSocketServer raw;

  @AfterEach
  void stop() throws Exception {
    factory.close();
    if (raw != null) {
      raw.close();
      assertThat(raw.scriptFailure()).isNull();
    }
  }

  @Test
  void stalledHandshakeTimesOut() throws Exception {
    CountDownLatch clientGone = new CountDownLatch(1);
    raw = RawWebSocketServer.start(peer -> awaitClientClose(peer, clientGone));
    ConnectRequest request =
        ConnectRequest.builder(raw.uri("/")).connectTimeout(Duration.ofMillis(600)).build();
    long start = System.nanoTime();

    ConnectFailedException failure = connectFailure(request, new RecordingListener());

    assertThat(failure.kind()).isEqualTo(Kind.HANDSHAKE_TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(500), Duration.ofMillis(1600));
    assertThat(clientGone.await(5, TimeUnit.SECONDS)).as("client closed the socket").isTrue();
  }

  @Test
  void noSelectedSubprotocolOpens() throws Exception {
    raw = RawWebSocketServer.start(peer -> peer.accept(null));
    ConnectRequest request =
        ConnectRequest.builder(raw.uri("/")).subprotocols(List.of("chat.v1", "chat.v2")).build();

    WebSocketConnection connection = open(request, new RecordingListener());

    assertThat(connection.subprotocol()).isNull();
    assertThat(raw.nextPeer().header("Sec-WebSocket-Protocol")).containsExactly("chat.v1, chat.v2");
  }

  @Test
  void selectedSubprotocolReported() throws Exception {
    raw = RawWebSocketServer.start(peer -> peer.accept("chat.v2"));
    ConnectRequest request =
        ConnectRequest.builder(raw.uri("/")).subprotocols(List.of("chat.v1", "chat.v2")).build();

    WebSocketConnection connection = open(request, new RecordingListener());

    assertThat(connection.subprotocol()).isEqualTo("chat.v2");
  }

  @Test
  void unofferedSubprotocolFails() throws Exception {
    raw = RawWebSocketServer.start(peer -> peer.accept("other"));
    RecordingListener listener = new RecordingListener();
    ConnectRequest request =
        ConnectRequest.builder(raw.uri("/")).subprotocols(List.of("chat.v1")).build();

    ConnectFailedException failure = connectFailure(request, listener);

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(listener.calls).isEmpty();
  }

  @Test
  void subprotocolWithoutOfferFails() throws Exception {
    raw = RawWebSocketServer.start(peer -> peer.accept("chat.v1"));

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(raw.uri("/")).build(), new RecordingListener());

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
  }

  @Test
  void redirectReportedNotFollowed() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> peer.reject(302, Map.of("Location", "ws://127.0.0.1:1/elsewhere"), "moved"));

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(raw.uri("/")).build(), new RecordingListener());

    assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(failure.httpStatus()).isEqualTo(302);
    assertThat(failure.responseHeader("location")).isEqualTo("ws://127.0.0.1:1/elsewhere");
    assertThat(failure.responseBody()).isEqualTo("moved");
  }

  @Test
  void longRejectionBodyTruncated() throws Exception {
    String body = "x".repeat(100_000);
    raw = RawWebSocketServer.start(peer -> peer.reject(500, Map.of(), body));

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(raw.uri("/")).build(), new RecordingListener());

    assertThat(failure.httpStatus()).isEqualTo(500);
    assertThat(failure.responseBody()).isEqualTo(body.substring(0, 1024));
  }

  /**
   * A 101 response that fails the checks, with a frame in the same write: after the 101 Netty's
   * codec passes raw bytes on, which must not be read as HTTP, and the client must close.
   */
  @Test
  void failedUpgradeWithFrameCloses() throws Exception {
    CountDownLatch clientGone = new CountDownLatch(1);
    raw =
        RawWebSocketServer.start(
            peer -> {
              String response =
                  "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Accept: d3JvbmcgYWNjZXB0IGtleQ==\r\n\r\n";
              ByteArrayOutputStream bytes = new ByteArrayOutputStream();
              bytes.writeBytes(response.getBytes(StandardCharsets.ISO_8859_1));
              bytes.writeBytes(frameOf("behind the 101"));
              peer.sendRaw(bytes.toByteArray());
              awaitClientClose(peer, clientGone);
            });
    RecordingListener listener = new RecordingListener();

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(raw.uri("/")).build(), listener);

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(clientGone.await(5, TimeUnit.SECONDS)).as("client closed the socket").isTrue();
    assertThat(listener.calls).isEmpty();
  }

  /** A rejection on a connection the server keeps open, followed by bytes that are not HTTP. */
  @Test
  void rejectionWithTrailingBytesCloses() throws Exception {
    CountDownLatch clientGone = new CountDownLatch(1);
    raw =
        RawWebSocketServer.start(
            peer -> {
              String response =
                  "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\n"
                      + "Content-Length: 6\r\n\r\ndenied\u0000\u0001 not HTTP \r\n\r\n";
              peer.sendRaw(response.getBytes(StandardCharsets.ISO_8859_1));
              awaitClientClose(peer, clientGone);
            });

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(raw.uri("/")).build(), new RecordingListener());

    assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(failure.httpStatus()).isEqualTo(401);
    assertThat(failure.responseHeader("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(failure.responseBody()).isEqualTo("denied");
    assertThat(clientGone.await(5, TimeUnit.SECONDS)).as("client closed the socket").isTrue();
  }

  @Test
  void frameBehindTheUpgradeDelivered() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              String response =
                  "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                      + peer.expectedAccept()
                      + "\r\n\r\n";
              ByteArrayOutputStream bytes = new ByteArrayOutputStream();
              bytes.writeBytes(response.getBytes(StandardCharsets.ISO_8859_1));
              bytes.writeBytes(frameOf("first"));
              peer.sendRaw(bytes.toByteArray());
              peer.drainUntilEof();
            });
    RecordingListener listener = new RecordingListener();

    open(ConnectRequest.builder(raw.uri("/")).build(), listener);

    assertThat(listener.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("first");
  }

  @Test
  void unofferedExtensionFails() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              String response =
                  "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                      + peer.expectedAccept()
                      + "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n";
              peer.sendRaw(response.getBytes(StandardCharsets.ISO_8859_1));
              peer.drainUntilEof();
            });

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(raw.uri("/")).build(), new RecordingListener());

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
  }

  @Test
  void sendsNoOriginUnlessRequested() throws Exception {
    raw = RawWebSocketServer.start(peer -> peer.accept(null));

    open(ConnectRequest.builder(raw.uri("/a")).build(), new RecordingListener());
    open(
        ConnectRequest.builder(raw.uri("/b")).header("Origin", "https://app.example").build(),
        new RecordingListener());

    assertThat(raw.nextPeer().header("Origin")).isEmpty();
    assertThat(raw.nextPeer().header("Origin")).containsExactly("https://app.example");
  }

  @Test
  void sendsHeadersPathAndQuery() throws Exception {
    raw = RawWebSocketServer.start(peer -> peer.accept(null));
    ConnectRequest request =
        ConnectRequest.builder(raw.uri("/room/abc?token=s3cret"))
            .header("Authorization", "Bearer t0ken")
            .header("X-Multi", "one")
            .header("X-Multi", "two")
            .build();

    open(request, new RecordingListener());
    RawWebSocketServer.Peer peer = raw.nextPeer();

    assertThat(peer.requestLine).isEqualTo("GET /room/abc?token=s3cret HTTP/1.1");
    assertThat(peer.header("Authorization")).containsExactly("Bearer t0ken");
    assertThat(peer.header("X-Multi")).containsExactly("one", "two");
    assertThat(peer.header("Sec-WebSocket-Extensions")).isEmpty();
  }

  @Test
  void cancelledConnectClosesSocket() throws Exception {
    CountDownLatch clientGone = new CountDownLatch(1);
    raw = RawWebSocketServer.start(peer -> awaitClientClose(peer, clientGone));
    RecordingListener listener = new RecordingListener();
    CompletableFuture<WebSocketConnection> stage =
        factory
            .connect(
                ConnectRequest.builder(raw.uri("/")).connectTimeout(Duration.ofSeconds(10)).build(),
                listener)
            .toCompletableFuture();
    raw.nextPeer();

    boolean cancelled = stage.cancel(false);

    assertThat(cancelled).isTrue();
    assertThat(clientGone.await(5, TimeUnit.SECONDS)).as("client closed the socket").isTrue();
    assertThat(Poll.until(() -> factory.liveConnections() == 0, Duration.ofSeconds(5))).isTrue();
    assertThat(listener.calls).isEmpty();
  }

  private static byte[] frameOf(String text) {
    return RawWebSocketServer.frameBytes(
        true, 0, Frame.TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Waits, for up to 5 seconds, until the client closes its side, and counts the latch down. */
  private static void awaitClientClose(RawWebSocketServer.Peer peer, CountDownLatch clientGone)
      throws Exception {
    peer.readTimeout(5000);
    if (peer.clientClosedTcp()) {
      clientGone.countDown();
    }
  }

  private WebSocketConnection open(ConnectRequest request, RecordingListener listener)
      throws Exception {
    return factory.connect(request, listener).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private ConnectFailedException connectFailure(ConnectRequest request, RecordingListener listener)
      throws Exception {
    try {
      factory.connect(request, listener).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ConnectFailedException.class);
      return (ConnectFailedException) e.getCause();
    }
    throw new AssertionError("The connect succeeded but should have failed");
  }
}
