package io.partysocket.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerConnection;
import org.junit.jupiter.api.Test;

/**
 * The opening handshake. Rejected handshakes keep their status, headers and body, 3xx included.
 * permessage-deflate is offered only on request, and a 101 that Jetty rejects closes its
 * connection.
 */
class JettyHandshakeTest extends JettyTestSupport {

  @Test
  void redirectReportedWithLocation() {
    String location = server.uri("/elsewhere").toString();
    server.enqueue(Handshake.reject(302).header("Location", location).body("moved"));

    ConnectFailedException failure =
        awaitConnectFailure(
            factory.connect(request(server.uri("/moved")).build(), new RecordingListener()));

    assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(failure.httpStatus()).isEqualTo(302);
    assertThat(failure.responseHeader("location")).isEqualTo(location);
    assertThat(server.awaitConnection().awaitTcpEnd(WAIT)).isNotNull();
    assertThat(server.acceptedCount()).as("requests the server received").isEqualTo(1);
  }

  @Test
  void challengeMissingStillReported() {
    server.enqueue(Handshake.reject(401).header("X-Reason", "expired"));

    ConnectFailedException failure =
        awaitConnectFailure(
            factory.connect(request(server.uri("/auth")).build(), new RecordingListener()));

    assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(failure.httpStatus()).isEqualTo(401);
    assertThat(failure.responseHeader("X-Reason")).isEqualTo("expired");
  }

  @Test
  void rejectionBodyKept() {
    server.enqueue(Handshake.reject(503).header("Retry-After", "3").body("busy, try later"));

    ConnectFailedException failure =
        awaitConnectFailure(
            factory.connect(
                request(server.uri("/busy?token=s3cret")).build(), new RecordingListener()));

    assertThat(failure.httpStatus()).isEqualTo(503);
    assertThat(failure.responseHeader("Retry-After")).isEqualTo("3");
    assertThat(failure.responseBody()).isEqualTo("busy, try later");
    assertThat(failure.getMessage()).doesNotContain("s3cret");
  }

  @Test
  void compressionOfferedOnRequest() {
    open(request(server.uri("/deflate")).compression(true).build(), new RecordingListener());

    assertThat(server.awaitConnection().offeredExtensions())
        .anyMatch(offer -> offer.startsWith("permessage-deflate"));
  }

  @Test
  void compressionOffOffersNothing() {
    WebSocketConnection connection =
        open(request(server.uri("/plain")).build(), new RecordingListener());

    assertThat(server.awaitConnection().offeredExtensions()).isEmpty();
    assertThat(connection.extensions()).isEmpty();
  }

  @Test
  void unrequestedDeflateFails() {
    server.enqueue(Handshake.accept().extensions("permessage-deflate"));
    RecordingListener listener = new RecordingListener();

    ConnectFailedException failure =
        awaitConnectFailure(factory.connect(request(server.uri("/ext")).build(), listener));

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(server.awaitConnection().awaitTcpEnd(WAIT)).isNotNull();
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void wrongAcceptKeyClosesConnection() {
    server.enqueue(Handshake.accept().wrongAcceptKey());

    ConnectFailedException failure =
        awaitConnectFailure(
            factory.connect(request(server.uri("/key")).build(), new RecordingListener()));

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    ServerConnection peer = server.awaitConnection();
    assertThat(peer.awaitTcpEnd(WAIT)).isNotNull();
  }
}
