package io.partysocket.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opening handshake cases the TCK does not cover: the rejection body, cancelling at each stage, and
 * the connections a closed factory ends.
 */
class JdkConnectTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final JdkWebSocketFactory factory = new JdkWebSocketFactory();
  private ScriptedServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    factory.close();
    server.close();
  }

  @Test
  void http401ExposesBody() throws Exception {
    server.enqueue(Handshake.reject(401).body("denied 401"));
    RecordingListener listener = new RecordingListener();

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(server.uri("/secret")).build(), listener);

    assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(failure.httpStatus()).isEqualTo(401);
    assertThat(failure.responseBody()).isEqualTo("denied 401");
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void cancelledConnectCallsNoListener() throws Exception {
    server.enqueue(Handshake.stall());
    RecordingListener listener = new RecordingListener();
    CompletableFuture<WebSocketConnection> stage =
        factory
            .connect(
                ConnectRequest.builder(server.uri("/"))
                    .connectTimeout(Duration.ofSeconds(10))
                    .build(),
                listener)
            .toCompletableFuture();
    ServerConnection peer = server.awaitConnection();

    boolean cancelled = stage.cancel(false);

    assertThat(cancelled).isTrue();
    assertThat(stage).isCancelled();
    assertThat(Poll.until(() -> factory.liveConnections() == 0, WAIT)).isTrue();
    assertThat(peer.awaitTcpEnd(WAIT)).isNotEqualTo(ServerEvent.How.SERVER_CLOSED);
    assertThat(listener.events()).isEmpty();
  }

  /** The 101 response arrives only after the stage was cancelled, so the client must drop it. */
  @Test
  void cancelAfterHandshakeCallsNoListener() throws Exception {
    CountDownLatch requested = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server.setHandshakeSelector(
        connection -> {
          requested.countDown();
          awaitQuietly(release);
          return null;
        });
    RecordingListener listener = new RecordingListener();
    CompletableFuture<WebSocketConnection> stage =
        factory
            .connect(ConnectRequest.builder(server.uri("/")).build(), listener)
            .toCompletableFuture();
    assertThat(requested.await(5, TimeUnit.SECONDS)).as("request received").isTrue();

    stage.cancel(false);
    release.countDown();

    ServerConnection peer = server.awaitConnection();
    assertThat(peer.handshakeAccepted()).isTrue();
    assertThat(peer.awaitTcpEnd(WAIT)).isNotEqualTo(ServerEvent.How.SERVER_CLOSED);
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void factoryCloseEndsConnections() throws Exception {
    RecordingListener openListener = new RecordingListener();
    factory
        .connect(ConnectRequest.builder(server.uri("/open")).build(), openListener)
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    server.enqueue(Handshake.stall());
    CompletableFuture<WebSocketConnection> pending =
        factory
            .connect(
                ConnectRequest.builder(server.uri("/pending")).build(), new RecordingListener())
            .toCompletableFuture();
    server.awaitConnection();
    server.awaitConnection();

    factory.close();

    CloseInfo info = openListener.awaitClosed(WAIT);
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

  /** Waits up to 5 seconds; runs on the server's connection thread, which must not stay blocked. */
  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
