package io.partysocket.transport.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Closing: the reply OkHttp leaves to the application, aborts, and failures while closing. */
class OkHttpCloseTest extends OkHttpFixture {

  private RecordingListener listener;
  private WebSocketConnection connection;
  private ServerConnection peer;

  private void open(String path) {
    listener = listener();
    connection = open(request(server.uri(path)).build(), listener);
    peer = server.awaitConnection();
  }

  @Test
  void peerCloseEchoed() {
    open("/peer-close");

    peer.close(4001, "going");

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(4001);
    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed).isEqualTo(CloseInfo.remoteClose(4001, "going"));
    assertThat(peer.awaitTcpEnd(WAIT)).isNotNull();
  }

  @Test
  void codelessCloseRepliedWith1000() {
    open("/no-code");

    peer.closeWithoutCode();

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1000);
    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(1005);
  }

  @Test
  void pendingMessagesPrecedePeerCloseReply() {
    server.enqueue(Handshake.accept().noEcho());
    open("/pending");
    peer.stopReading();
    for (int i = 0; i < 20; i++) {
      connection.sendBinary(ByteBuffer.allocate(256 * 1024));
    }

    peer.close(1000, "");
    peer.resumeReading();

    assertThat(peer.await(ServerEvent.Close.class, Duration.ofSeconds(10)).code()).isEqualTo(1000);
    assertThat(peer.events(ServerEvent.Binary.class)).hasSize(20);
    assertThat(listener.awaitClosed(WAIT).clean()).as("clean").isTrue();
  }

  @Test
  void abortIsLocalAndReportedOnce() {
    open("/abort");

    connection.abort();
    connection.abort();

    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(listener.arrivesWithin(RecordingListener.Closed.class, 2, QUIET)).isFalse();
    assertThat(peer.awaitTcpEnd(WAIT)).isNotNull();
  }

  @Test
  void resetWhileClosingReportedOnce() {
    open("/reset-closing");
    peer.answerClose(false);

    connection.close(1000, "bye");
    peer.await(ServerEvent.Close.class, WAIT);
    peer.reset();

    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.clean()).as("clean").isFalse();
    assertThat(listener.arrivesWithin(RecordingListener.Closed.class, 2, QUIET)).isFalse();
  }
}
