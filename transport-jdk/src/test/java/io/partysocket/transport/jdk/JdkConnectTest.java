package io.partysocket.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdkConnectTest {

  private final JdkWebSocketFactory factory = new JdkWebSocketFactory();
  private RawWebSocketServer raw;
  private JettyEchoServer jetty;

  @AfterEach
  void stop() throws Exception {
    factory.close();
    if (raw != null) {
      raw.close();
      assertThat(raw.scriptFailure()).isNull();
    }
    if (jetty != null) {
      jetty.close();
    }
  }

  @Test
  void opensAfterOnOpen() throws Exception {
    jetty = JettyEchoServer.start();
    RecordingListener listener = new RecordingListener();

    CompletableFuture<WebSocketConnection> stage =
        factory
            .connect(ConnectRequest.builder(jetty.uri("/echo")).build(), listener)
            .toCompletableFuture();
    CompletableFuture<Boolean> openedFirst = stage.thenApply(c -> listener.opened.isDone());
    WebSocketConnection connection = stage.get(5, TimeUnit.SECONDS);

    assertThat(openedFirst.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.opened.get()).isSameAs(connection);
    assertThat(listener.count("onOpen")).isEqualTo(1);
    assertThat(connection.extensions()).isEmpty();
  }

  @Test
  void reportsSelectedSubprotocol() throws Exception {
    jetty = JettyEchoServer.start();
    ConnectRequest request =
        ConnectRequest.builder(jetty.uri("/echo"))
            .subprotocols(List.of("chat.v2", "chat.v1"))
            .build();

    WebSocketConnection connection = open(request, new RecordingListener());

    assertThat(connection.subprotocol()).isEqualTo("chat.v1");
  }

  @Test
  void noSubprotocolIsNull() throws Exception {
    jetty = JettyEchoServer.start();
    ConnectRequest request =
        ConnectRequest.builder(jetty.uri("/echo")).subprotocols(List.of("other")).build();

    WebSocketConnection connection = open(request, new RecordingListener());

    assertThat(connection.subprotocol()).isNull();
  }

  @Test
  void sendsHeadersAndSubprotocols() throws Exception {
    raw = RawWebSocketServer.start(peer -> peer.accept("chat.v2"));
    ConnectRequest request =
        ConnectRequest.builder(raw.uri("/room?token=1"))
            .header("Authorization", "Bearer abc")
            .header("Cookie", "a=1")
            .header("X-Multi", "one")
            .header("X-Multi", "two")
            .subprotocols(List.of("chat.v2", "chat.v1"))
            .build();

    open(request, new RecordingListener());
    RawWebSocketServer.Peer peer = raw.nextPeer();

    assertThat(peer.requestLine).startsWith("GET /room?token=1 ");
    assertThat(peer.header("Authorization")).containsExactly("Bearer abc");
    assertThat(peer.header("Cookie")).containsExactly("a=1");
    assertThat(String.join(",", peer.header("X-Multi"))).contains("one").contains("two");
    assertThat(String.join(",", peer.header("Sec-WebSocket-Protocol")))
        .isEqualToIgnoringWhitespace("chat.v2,chat.v1");
  }

  @Test
  void unofferedSubprotocolFailsWithProtocol() throws Exception {
    raw = RawWebSocketServer.start(peer -> peer.accept("not-offered"));
    RecordingListener listener = new RecordingListener();
    ConnectRequest request =
        ConnectRequest.builder(raw.uri("/")).subprotocols(List.of("chat.v1")).build();

    ConnectFailedException failure = connectFailure(request, listener);

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(listener.calls).isEmpty();
  }

  @Test
  void wrongAcceptKeyFailsWithProtocol() throws Exception {
    raw = RawWebSocketServer.start(peer -> peer.acceptWith(null, "d3JvbmcgYWNjZXB0IGtleQ=="));
    RecordingListener listener = new RecordingListener();

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(raw.uri("/")).build(), listener);

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(listener.calls).isEmpty();
  }

  @Test
  void http401ExposesStatusHeadersBody() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer ->
                peer.reject(
                    401,
                    Map.of("WWW-Authenticate", "Bearer realm=\"rooms\"", "X-Request-Id", "r-7"),
                    "denied 401"));
    RecordingListener listener = new RecordingListener();

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(raw.uri("/secret")).build(), listener);

    assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(failure.httpStatus()).isEqualTo(401);
    assertThat(failure.responseHeader("www-authenticate")).isEqualTo("Bearer realm=\"rooms\"");
    assertThat(failure.responseHeader("X-Request-Id")).isEqualTo("r-7");
    assertThat(failure.responseBody()).isEqualTo("denied 401");
    assertThat(listener.calls).isEmpty();
  }

  @Test
  void http503ExposesRetryAfter() throws Exception {
    raw = RawWebSocketServer.start(peer -> peer.reject(503, Map.of("Retry-After", "7"), "busy"));

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(raw.uri("/")).build(), new RecordingListener());

    assertThat(failure.httpStatus()).isEqualTo(503);
    assertThat(failure.responseHeader("Retry-After")).isEqualTo("7");
  }

  @Test
  void redirectIsNotFollowed() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> peer.reject(302, Map.of("Location", "ws://127.0.0.1:1/elsewhere"), ""));

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(raw.uri("/")).build(), new RecordingListener());

    assertThat(failure.httpStatus()).isEqualTo(302);
    assertThat(failure.responseHeader("Location")).isEqualTo("ws://127.0.0.1:1/elsewhere");
  }

  @Test
  void refusedConnectionFailsFast() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    long start = System.nanoTime();

    ConnectFailedException failure =
        connectFailure(
            ConnectRequest.builder(URI.create("ws://127.0.0.1:" + closedPort + "/")).build(),
            new RecordingListener());

    assertThat(failure.kind()).isEqualTo(Kind.REFUSED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void silentServerTimesOutHandshake() throws Exception {
    CountDownLatch clientGone = new CountDownLatch(1);
    raw =
        RawWebSocketServer.start(
            peer -> {
              if (peer.clientClosedTcp()) {
                clientGone.countDown();
              }
            });
    ConnectRequest request =
        ConnectRequest.builder(raw.uri("/")).connectTimeout(Duration.ofMillis(700)).build();
    long start = System.nanoTime();

    ConnectFailedException failure = connectFailure(request, new RecordingListener());

    assertThat(failure.kind()).isEqualTo(Kind.HANDSHAKE_TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1700));
    assertThat(clientGone.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void cancelledConnectCallsNoListener() throws Exception {
    CountDownLatch clientGone = new CountDownLatch(1);
    raw =
        RawWebSocketServer.start(
            peer -> {
              if (peer.clientClosedTcp()) {
                clientGone.countDown();
              }
            });
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
    assertThat(stage).isCancelled();
    awaitNoLiveConnections();
    assertThat(clientGone.await(3, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.calls).isEmpty();
  }

  @Test
  void cancelAfterHandshakeCallsNoListener() throws Exception {
    CountDownLatch clientGone = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    raw =
        RawWebSocketServer.start(
            peer -> {
              release.await(5, TimeUnit.SECONDS);
              peer.accept(null);
              if (peer.clientClosedTcp()) {
                clientGone.countDown();
              }
            });
    RecordingListener listener = new RecordingListener();
    CompletableFuture<WebSocketConnection> stage =
        factory
            .connect(ConnectRequest.builder(raw.uri("/")).build(), listener)
            .toCompletableFuture();
    raw.nextPeer();

    stage.cancel(false);
    release.countDown();

    assertThat(clientGone.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.calls).isEmpty();
  }

  @Test
  void connectAfterCloseFails() {
    factory.close();

    CompletableFuture<WebSocketConnection> stage =
        factory
            .connect(
                ConnectRequest.builder(URI.create("ws://127.0.0.1:1/")).build(),
                new RecordingListener())
            .toCompletableFuture();

    assertThatThrownBy(() -> stage.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void factoryCloseEndsConnections() throws Exception {
    jetty = JettyEchoServer.start();
    raw = RawWebSocketServer.start(RawWebSocketServer.Peer::clientClosedTcp);
    RecordingListener openListener = new RecordingListener();
    open(ConnectRequest.builder(jetty.uri("/echo")).build(), openListener);
    CompletableFuture<WebSocketConnection> pending =
        factory
            .connect(ConnectRequest.builder(raw.uri("/")).build(), new RecordingListener())
            .toCompletableFuture();
    raw.nextPeer();

    factory.close();

    CloseInfo info = openListener.awaitClosed(5);
    assertThat(info.code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
    assertThat(info.remote()).isFalse();
    assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            ConnectFailedException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
  }

  @Test
  void declaresCapabilities() {
    assertThat(factory.name()).isEqualTo("jdk");
    assertThat(factory.priority()).isEqualTo(20);
    assertThat(factory.capabilities().pingWithPayload()).isTrue();
    assertThat(factory.capabilities().pongEvents()).isTrue();
    assertThat(factory.capabilities().compression()).isFalse();
    assertThat(factory.capabilities().writeCompletion()).isTrue();
    assertThat(factory.capabilities().perConnectionTls()).isFalse();
    assertThat(factory.capabilities().threadsPerConnection()).isZero();
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

  private void awaitNoLiveConnections() throws InterruptedException {
    assertThat(Poll.until(() -> factory.liveConnections() == 0, Duration.ofSeconds(5))).isTrue();
  }
}
