package io.partysocket.transport.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The opening handshake: what OkHttp does by default and what this transport changes. */
class OkHttpConnectTest extends OkHttpFixture {

  /**
   * Uses relative and http locations, because OkHttp follows those, also for a WebSocket upgrade.
   * It cannot resolve a ws or wss location and so never follows one.
   */
  @ParameterizedTest
  @ValueSource(strings = {"/elsewhere", "http://127.0.0.1:PORT/elsewhere"})
  void redirectNotFollowed(String location) {
    OkHttpClient client = new OkHttpClient.Builder().followRedirects(true).build();
    factory = new OkHttpWebSocketFactory(client);
    String target = location.replace("PORT", Integer.toString(server.port()));
    server.enqueue(Handshake.reject(302).header("Location", target));

    ConnectFailedException failure =
        awaitConnectFailure(factory.connect(request(server.uri("/moved")).build(), listener()));

    assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(failure.httpStatus()).isEqualTo(302);
    assertThat(failure.responseHeader("Location")).isEqualTo(target);
    server.awaitConnection().awaitTcpEnd(WAIT);
    assertThat(server.acceptedCount()).as("requests the server received").isEqualTo(1);
  }

  @Test
  void handshakeDeadlineWithoutReadTimeout() {
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();
    factory = new OkHttpWebSocketFactory(client);
    server.enqueue(Handshake.stall());
    RecordingListener listener = listener();
    long start = System.nanoTime();

    ConnectFailedException failure =
        awaitConnectFailure(
            factory.connect(
                request(server.uri("/stall")).connectTimeout(Duration.ofMillis(800)).build(),
                listener));

    assertThat(failure.kind()).isEqualTo(Kind.HANDSHAKE_TIMEOUT);
    assertThat(millisSince(start)).isBetween(700L, 3000L);
    assertThat(server.awaitConnection().awaitTcpEnd(WAIT)).isNotNull();
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void cancelDuringOnOpenReportsClose() {
    CompletableFuture<CompletableFuture<WebSocketConnection>> holder = new CompletableFuture<>();
    RecordingListener listener = listener();
    listener.hook(
        event -> {
          if (event instanceof RecordingListener.Opened) {
            holder.join().cancel(true);
          }
        });

    CompletableFuture<WebSocketConnection> stage =
        factory
            .connect(request(server.uri("/cancel-in-open")).build(), listener)
            .toCompletableFuture();
    holder.complete(stage);

    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(stage.isCancelled()).as("stage cancelled").isTrue();
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(server.awaitConnection().awaitTcpEnd(WAIT)).isNotNull();
  }

  @Test
  void rejectedHandshakeKeepsBody() {
    server.enqueue(Handshake.reject(403).header("X-Reason", "banned").body("go away"));

    ConnectFailedException failure =
        awaitConnectFailure(factory.connect(request(server.uri("/deny")).build(), listener()));

    assertThat(failure.httpStatus()).isEqualTo(403);
    assertThat(failure.responseHeader("x-reason")).isEqualTo("banned");
    assertThat(failure.responseBody()).isEqualTo("go away");
  }

  @Test
  void compressionOfferedOnlyWhenRequested() {
    open(request(server.uri("/plain")).build(), listener());
    open(request(server.uri("/deflate")).compression(true).build(), listener());

    List<ServerConnection> peers = server.connections();
    assertThat(peers.get(0).offeredExtensions()).isEmpty();
    assertThat(peers.get(1).offeredExtensions()).containsExactly("permessage-deflate");
  }

  @Test
  void negotiatedDeflateReported() {
    server.enqueue(Handshake.accept().extensions("permessage-deflate; server_max_window_bits=10"));

    WebSocketConnection connection =
        open(request(server.uri("/deflate")).compression(true).build(), listener());

    assertThat(connection.extensions())
        .containsExactly("permessage-deflate; server_max_window_bits=10");
  }

  @Test
  void deflateNotOfferedFails() {
    server.enqueue(Handshake.accept().extensions("permessage-deflate"));
    RecordingListener listener = listener();

    ConnectFailedException failure =
        awaitConnectFailure(factory.connect(request(server.uri("/uninvited")).build(), listener));

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(server.awaitConnection().awaitTcpEnd(WAIT)).isNotNull();
    assertThat(listener.events()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "permessage-deflate; client_max_window_bits=10",
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; x_unknown",
        "permessage-deflate, permessage-deflate",
        "x-other"
      })
  void invalidDeflateAnswerFails(String answer) {
    server.enqueue(Handshake.accept().extensions(answer));

    ConnectFailedException failure =
        awaitConnectFailure(
            factory.connect(request(server.uri("/invalid")).compression(true).build(), listener()));

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
  }

  @Test
  void nonAsciiHeaderValueSent() {
    open(request(server.uri("/header")).header("X-Name", "gr\u00fc\u00dfe").build(), listener());

    assertThat(server.awaitConnection().headerValues("X-Name")).hasSize(1);
  }

  @Test
  void queryKeptOutOfFailureMessage() {
    server.enqueue(Handshake.reject(500));

    ConnectFailedException failure =
        awaitConnectFailure(
            factory.connect(request(server.uri("/q?token=s3cret")).build(), listener()));

    assertThat(failure.getMessage()).doesNotContain("s3cret");
  }
}
