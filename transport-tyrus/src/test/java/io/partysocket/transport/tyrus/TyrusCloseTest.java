package io.partysocket.transport.tyrus;

import static io.partysocket.transport.tyrus.TyrusTests.QUIET;
import static io.partysocket.transport.tyrus.TyrusTests.WAIT;
import static io.partysocket.transport.tyrus.TyrusTests.await;
import static io.partysocket.transport.tyrus.TyrusTests.open;
import static io.partysocket.transport.tyrus.TyrusTests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.RecordingListener.Closed;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing and aborting over Tyrus, which reports a local close at once and has no abort. */
class TyrusCloseTest {

  /** The close timeout of cases where the server replies late, well beyond {@code QUIET}. */
  private static final Duration REPLY_WINDOW = Duration.ofSeconds(5);

  private final TyrusWebSocketFactory factory = new TyrusWebSocketFactory();
  private final RecordingListener listener = new RecordingListener();
  private ScriptedServer server;

  @BeforeEach
  void start() throws Exception {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    factory.close();
    server.close();
    assertThat(listener.violations()).as("listener contract violations").isEmpty();
  }

  @Test
  void localCloseWaitsForReply() throws Exception {
    WebSocketConnection connection =
        open(factory, request(server.uri("/close")).closeTimeout(REPLY_WINDOW).build(), listener);
    ServerConnection peer = server.awaitConnection();
    peer.answerClose(false);

    await(connection.close(1000, "bye"));
    peer.await(ServerEvent.Close.class, WAIT);

    assertThat(listener.arrivesWithin(Closed.class, 1, QUIET))
        .as("onClosed before reply")
        .isFalse();
    assertThat(peer.ended()).as("TCP ended before the reply").isFalse();
    peer.close(1000, "");
    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1000);
    assertThat(closed.reason()).isEqualTo("bye");
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(closed.clean()).as("clean").isTrue();
    assertThat(peer.awaitTcpEnd(WAIT)).isNotNull();
  }

  @Test
  void localCloseReportedOffCaller() throws Exception {
    WebSocketConnection connection = open(factory, request(server.uri("/close")).build(), listener);

    connection.close(1000, "bye");

    assertThat(listener.awaitClosed(WAIT).clean()).as("clean").isTrue();
    List<Thread> threads = listener.threads();
    Thread onClosedThread = threads.get(threads.size() - 1);
    assertThat(onClosedThread).isNotSameAs(Thread.currentThread());
    assertThat(onClosedThread.getName()).startsWith("partysocket-tyrus-");
  }

  @Test
  void abortSendsNoCloseFrame() throws Exception {
    server.enqueue(Handshake.accept().noEcho());
    WebSocketConnection connection = open(factory, request(server.uri("/abort")).build(), listener);
    ServerConnection peer = server.awaitConnection();
    peer.stopReading();
    for (int i = 0; i < 40; i++) {
      connection.sendBinary(ByteBuffer.allocate(256 * 1024));
    }

    connection.abort();
    CloseInfo closed = listener.awaitClosed(WAIT);
    peer.resumeReading();

    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(peer.awaitTcpEnd(WAIT)).isNotNull();
    assertThat(peer.events(ServerEvent.Close.class)).as("close frames the server got").isEmpty();
    assertThat(listener.closedCount()).isEqualTo(1);
  }

  @Test
  void abortWhileIdleSendsNoCloseFrame() throws Exception {
    WebSocketConnection connection = open(factory, request(server.uri("/abort")).build(), listener);
    ServerConnection peer = server.awaitConnection();

    connection.abort();

    assertThat(peer.awaitTcpEnd(WAIT)).isNotNull();
    assertThat(peer.events(ServerEvent.Close.class)).as("close frames the server got").isEmpty();
    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(1006);
  }

  @Test
  void closeCode1012SentAs1001() throws Exception {
    WebSocketConnection connection =
        open(factory, request(server.uri("/restart")).build(), listener);
    ServerConnection peer = server.awaitConnection();

    connection.close(1012, "restart");

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1001);
    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(1012);
  }

  @Test
  void tyrusCloseWaitsForReply() throws Exception {
    open(factory, request(server.uri("/utf8")).closeTimeout(REPLY_WINDOW).build(), listener);
    ServerConnection peer = server.awaitConnection();
    peer.answerClose(false);

    peer.sendInvalidUtf8();

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1007);
    assertThat(listener.arrivesWithin(Closed.class, 1, QUIET))
        .as("onClosed before reply")
        .isFalse();
    peer.close(1007, "");
    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1007);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(closed.clean()).as("clean").isTrue();
  }

  @Test
  void peerCloseReportedAfterReply() throws Exception {
    open(factory, request(server.uri("/server-close")).build(), listener);
    ServerConnection peer = server.awaitConnection();

    peer.close(4002, "done");

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(4002);
    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(4002);
    assertThat(closed.reason()).isEqualTo("done");
    assertThat(closed.remote()).as("remote").isTrue();
    assertThat(closed.clean()).as("clean").isTrue();
  }
}
