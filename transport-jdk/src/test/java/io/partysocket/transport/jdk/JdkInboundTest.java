package io.partysocket.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Inbound cases the TCK does not cover: messages the JDK delivers in parts, the close code it sends
 * for a message over the limit, and what it reports for invalid UTF-8 and for a server ping.
 */
class JdkInboundTest extends JdkTestSupport {

  @Test
  void largeMessageArrivesWhole() throws Exception {
    byte[] payload = new byte[3 * 1024 * 1024 + 7];
    Arrays.fill(payload, (byte) 7);
    ServerConnection peer = open(ConnectRequest.builder(server.uri("/")).build());

    peer.sendBinary(payload);

    List<byte[]> received = listener.awaitBinaries(1, Duration.ofSeconds(10));
    assertThat(received.get(0)).hasSize(payload.length);
  }

  @Test
  void tooLargeMessageReports1009() throws Exception {
    ServerConnection peer =
        open(ConnectRequest.builder(server.uri("/")).maxInboundMessageBytes(64 * 1024).build());

    peer.sendBinary(new byte[70 * 1024]);

    ServerEvent.Close close = peer.await(ServerEvent.Close.class, WAIT);
    // The JDK refuses to send 1009, so the adapter sends 1008 with the same reason.
    assertThat(close.code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
    assertThat(close.reason()).isEqualTo("Message too big");
    CloseInfo info = listener.awaitClosed(WAIT);
    assertThat(info.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(info.remote()).isFalse();
    assertThat(info.clean()).isTrue();
    assertThat(listener.binaries()).isEmpty();
  }

  @Test
  void tooLargeTextCountsUtf8Bytes() throws Exception {
    ServerConnection peer =
        open(ConnectRequest.builder(server.uri("/")).maxInboundMessageBytes(1000).build());

    // 600 characters, 1200 bytes in UTF-8.
    peer.sendText("\u00e9".repeat(600));

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code())
        .isEqualTo(CloseCodes.POLICY_VIOLATION);
    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
  }

  @Test
  void invalidUtf8ClosesWith1007() throws Exception {
    ServerConnection peer = open(ConnectRequest.builder(server.uri("/")).build());
    peer.answerClose(false);

    peer.sendInvalidUtf8();

    CloseInfo info = listener.awaitClosed(WAIT);
    assertThat(info.code()).as("code of %s", info).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(info.clean()).isFalse();
    assertThat(info.cause()).hasRootCauseInstanceOf(CharacterCodingException.class);
    assertThat(listener.texts()).isEmpty();
    // Java 17 shuts its output down while its own 1007 close frame is queued, so the frame
    // reaches the peer only sometimes; either way the client ends the TCP connection.
    assertThat(peer.awaitTcpEnd(WAIT)).isNotEqualTo(ServerEvent.How.SERVER_CLOSED);
    assertThat(peer.events(ServerEvent.Close.class))
        .extracting(ServerEvent.Close::code)
        .isSubsetOf(CloseCodes.INVALID_PAYLOAD);
  }

  @Test
  void serverPingIsAnsweredAndReported() throws Exception {
    ServerConnection peer = open(ConnectRequest.builder(server.uri("/")).build());

    peer.ping(utf8("abc"));

    assertThat(peer.await(ServerEvent.Pong.class, WAIT).payload()).isEqualTo(utf8("abc"));
    assertThat(listener.awaitCount(RecordingListener.Ping.class, 1, WAIT).get(0).payload())
        .isEqualTo(utf8("abc"));
  }

  /** Opens a connection and returns the server's side of it. */
  private ServerConnection open(ConnectRequest request) throws Exception {
    factory.connect(request, listener).toCompletableFuture().get(5, TimeUnit.SECONDS);
    return server.awaitConnection();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
