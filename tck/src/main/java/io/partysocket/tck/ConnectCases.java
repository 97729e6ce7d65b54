package io.partysocket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener.Event;
import io.partysocket.tck.RecordingListener.Opened;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.JettyConnection;
import io.partysocket.tck.server.ServerConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Opening handshake cases: headers, subprotocols, extensions, rejections, timeouts. */
abstract class ConnectCases extends CaseSupport {

  ConnectCases(TransportTck owner) {
    super(owner);
  }

  @Test
  void opensAndReportsOnOpenOnce() {
    server.enqueue(Handshake.accept().subprotocol("chat.v2"));
    RecordingListener listener = listener();
    ConnectRequest request =
        request(server.uri("/open")).subprotocols(List.of("chat.v1", "chat.v2")).build();
    AtomicReference<List<Event>> atCompletion = new AtomicReference<>();

    CompletionStage<WebSocketConnection> stage = connect(request, listener);
    // Await the dependent stage: the stage itself may complete before its callback has run.
    WebSocketConnection connection =
        await(stage.whenComplete((opened, failure) -> atCompletion.set(listener.events())));

    assertThat(atCompletion.get()).as("callbacks before the connect stage completed").hasSize(1);
    assertThat(atCompletion.get().get(0)).isInstanceOf(Opened.class);
    assertThat(listener.arrivesWithin(Opened.class, 2, QUIET)).as("second onOpen").isFalse();
    assertThat(listener.events(Opened.class).get(0).connection()).isSameAs(connection);
    assertThat(connection.subprotocol()).isEqualTo("chat.v2");
    assertThat(server.awaitConnection().offeredSubprotocols())
        .containsExactly("chat.v1", "chat.v2");
  }

  @Test
  void sendsCustomHeaders() {
    ConnectRequest request =
        request(server.uri("/room/abc?token=s3cret&x=1"))
            .header("Authorization", "Bearer t0ken")
            .header("Cookie", "a=1; b=2")
            .header("X-Tck-Multi", "one")
            .header("X-Tck-Multi", "two")
            .subprotocols(List.of("p3", "p1", "p2"))
            .build();

    open(request, listener());
    ServerConnection peer = server.awaitConnection();

    assertThat(peer.path()).isEqualTo("/room/abc");
    assertThat(peer.query()).isEqualTo("token=s3cret&x=1");
    assertThat(peer.headerValues("Authorization")).containsExactly("Bearer t0ken");
    assertThat(peer.headerValues("Cookie")).containsExactly("a=1; b=2");
    assertThat(elements(peer.headerValues("X-Tck-Multi"))).containsExactly("one", "two");
    assertThat(peer.offeredSubprotocols()).containsExactly("p3", "p1", "p2");
  }

  private static List<String> elements(List<String> values) {
    List<String> elements = new ArrayList<>();
    for (String value : values) {
      Arrays.stream(value.split(",")).map(String::trim).forEach(elements::add);
    }
    return elements;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Sec-WebSocket-Key",
        "Sec-WebSocket-Protocol",
        "Sec-WebSocket-Extensions",
        "Sec-WebSocket-Version",
        "Host",
        "Connection",
        "Upgrade",
        "host",
        "UPGRADE"
      })
  void rejectsReservedHeaders(String name) {
    ConnectRequest.Builder builder = ConnectRequest.builder(server.uri("/reserved"));

    assertThatThrownBy(() -> builder.header(name, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.acceptedCount()).isZero();
  }

  @Test
  void serverSelectsNoSubprotocol() {
    server.enqueue(Handshake.accept().noSubprotocol());

    WebSocketConnection connection =
        open(request(server.uri("/none")).subprotocols(List.of("a", "b")).build(), listener());

    assertThat(connection.subprotocol()).isNull();
  }

  @Test
  void serverSelectsUnofferedSubprotocol() {
    server.enqueue(Handshake.accept().subprotocol("not-offered"));
    RecordingListener listener = listener();

    ConnectFailedException failure =
        awaitConnectFailure(
            connect(request(server.uri("/p")).subprotocols(List.of("chat")).build(), listener));

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(server.awaitConnection().awaitTcpEnd(WAIT)).isNotNull();
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void wrongAcceptKeyFails() {
    server.enqueue(Handshake.accept().wrongAcceptKey());
    RecordingListener listener = listener();

    ConnectFailedException failure =
        awaitConnectFailure(connect(request(server.uri("/key")).build(), listener));

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(server.awaitConnection().awaitTcpEnd(WAIT)).isNotNull();
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void unofferedExtensionFails() {
    server.enqueue(Handshake.accept().extensions("x-foo"));
    RecordingListener listener = listener();

    ConnectFailedException failure =
        awaitConnectFailure(connect(request(server.uri("/ext")).build(), listener));

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(server.awaitConnection().awaitTcpEnd(WAIT)).isNotNull();
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void http401ExposesStatusHeadersBody() {
    server.enqueue(
        Handshake.reject(401)
            .header("WWW-Authenticate", "Bearer realm=\"tck\"")
            .header("X-Tck-Reason", "expired")
            .body("denied 401"));
    RecordingListener listener = listener();

    ConnectFailedException failure =
        awaitConnectFailure(connect(request(server.uri("/auth?token=s3cret")).build(), listener));

    assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(failure.httpStatus()).isEqualTo(401);
    assertThat(failure.responseHeader("www-authenticate")).isEqualTo("Bearer realm=\"tck\"");
    assertThat(failure.responseHeader("X-TCK-REASON")).isEqualTo("expired");
    assertThat(failure.responseBody())
        .as("body, where the library exposes it")
        .isIn("", "denied 401");
    assertThat(failure.getMessage()).as("message without the query").doesNotContain("s3cret");
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void http503ExposesRetryAfter() {
    String date = "Wed, 21 Oct 2037 07:28:00 GMT";
    server.enqueue(
        Handshake.reject(503).header("Retry-After", "7"),
        Handshake.reject(503).header("Retry-After", date));

    ConnectFailedException seconds =
        awaitConnectFailure(connect(request(server.uri("/busy")).build(), listener()));
    ConnectFailedException httpDate =
        awaitConnectFailure(connect(request(server.uri("/busy")).build(), listener()));

    assertThat(seconds.httpStatus()).isEqualTo(503);
    assertThat(seconds.responseHeader("Retry-After")).isEqualTo("7");
    assertThat(httpDate.httpStatus()).isEqualTo(503);
    assertThat(httpDate.responseHeader("Retry-After")).isEqualTo(date);
  }

  @ParameterizedTest
  @ValueSource(ints = {403, 404, 429})
  void http404And403(int status) {
    server.enqueue(Handshake.reject(status).header("Retry-After", "1"));

    ConnectFailedException failure =
        awaitConnectFailure(connect(request(server.uri("/status")).build(), listener()));

    assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(failure.httpStatus()).isEqualTo(status);
    server.awaitConnection().awaitTcpEnd(WAIT);
    assertThat(server.acceptedCount()).as("requests the server received").isEqualTo(1);
  }

  @Test
  void redirectNotFollowed() {
    // A relative Location: every client can resolve it, so one that follows redirects would.
    String location = "/elsewhere";
    server.enqueue(Handshake.reject(302).header("Location", location));

    ConnectFailedException failure =
        awaitConnectFailure(connect(request(server.uri("/moved")).build(), listener()));

    assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(failure.httpStatus()).isEqualTo(302);
    assertThat(failure.responseHeader("Location")).isEqualTo(location);
    server.awaitConnection().awaitTcpEnd(WAIT);
    assertThat(server.acceptedCount()).as("requests the server received").isEqualTo(1);
  }

  @Test
  void connectionRefusedFailsFast() throws Exception {
    URI nowhere = URI.create("ws://127.0.0.1:" + closedPort() + "/");
    long start = System.nanoTime();

    ConnectFailedException failure =
        awaitConnectFailure(connect(request(nowhere).build(), listener()));

    assertThat(failure.kind()).isEqualTo(Kind.REFUSED);
    assertThat(millisSince(start)).as("milliseconds until the failure").isLessThan(1000);
  }

  @Test
  void handshakeTimeoutHonoured() {
    server.enqueue(Handshake.stall());
    RecordingListener listener = listener();
    Duration timeout = Duration.ofSeconds(1);
    long start = System.nanoTime();

    ConnectFailedException failure =
        awaitConnectFailure(
            connect(request(server.uri("/stall")).connectTimeout(timeout).build(), listener));
    long elapsed = millisSince(start);

    assertThat(failure.kind()).isEqualTo(Kind.HANDSHAKE_TIMEOUT);
    assertThat(elapsed).as("milliseconds until the failure").isBetween(900L, 2000L);
    assertThat(server.awaitConnection().awaitTcpEnd(WAIT)).isNotNull();
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void cancelPendingConnect() {
    server.enqueue(Handshake.stall());
    RecordingListener listener = listener();
    CompletionStage<WebSocketConnection> stage =
        connect(request(server.uri("/stall")).build(), listener);
    ServerConnection peer = server.awaitConnection();

    stage.toCompletableFuture().cancel(true);

    assertThat(peer.awaitTcpEnd(WAIT)).isNotNull();
    assertThat(stage.toCompletableFuture().isCompletedExceptionally()).isTrue();
    assertThat(listener.arrivesWithin(Event.class, 1, QUIET)).as("any callback").isFalse();
  }

  @Test
  void negotiatesPermessageDeflate() {
    assumeCapability(capabilities().compression(), "compression");
    RecordingListener listener = listener();
    String text = "compressible text 0123456789 ".repeat(36_200).substring(0, 1 << 20);

    WebSocketConnection connection =
        open(request(jetty().uri("/deflate")).compression(true).build(), listener);
    JettyConnection peer = jetty().awaitConnection();
    await(connection.sendText(text));

    assertThat(peer.offeredExtensions()).anyMatch(e -> e.startsWith("permessage-deflate"));
    assertThat(peer.negotiatedExtensions()).anyMatch(e -> e.startsWith("permessage-deflate"));
    assertThat(connection.extensions()).anyMatch(e -> e.startsWith("permessage-deflate"));
    assertThat(listener.awaitTexts(1, WAIT).get(0)).isEqualTo(text);
  }

  @Test
  void compressionOffOffersNothing() {
    WebSocketConnection connection =
        open(request(jetty().uri("/plain")).compression(false).build(), listener());

    assertThat(jetty().awaitConnection().offeredExtensions()).isEmpty();
    assertThat(connection.extensions()).isEmpty();
  }
}
