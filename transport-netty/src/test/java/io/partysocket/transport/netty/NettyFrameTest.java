package io.partysocket.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.FaultProxy;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frames after the handshake: messages, limits, UTF-8, pings, pongs and both closing handshakes.
 * These are the cases where Netty's codecs need the adapter's help; the TCK covers the rest.
 */
class NettyFrameTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private static final int CONTINUATION = 0x0;
  private static final int TEXT = 0x1;
  private static final int BINARY = 0x2;

  private final NettyWebSocketFactory factory = new NettyWebSocketFactory();
  private final RecordingListener listener = new RecordingListener();
  private ScriptedServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    factory.close();
    server.close();
    assertThat(listener.violations()).as("listener contract violations").isEmpty();
  }

  @Test
  void splitInvalidUtf8Closes1007() throws Exception {
    ServerConnection peer = open(ConnectRequest.builder(server.uri("/")).build());

    // C3 starts a two-byte sequence, which "(" cannot continue. They sit in two frames.
    peer.sendFrame(TEXT, false, new byte[] {'o', 'k', (byte) 0xC3});
    peer.sendFrame(CONTINUATION, true, new byte[] {'('});

    ServerEvent.Close close = peer.await(ServerEvent.Close.class, WAIT);
    CloseInfo info = listener.awaitClosed(WAIT);
    assertThat(close.code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(info.code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(info.remote()).isFalse();
    assertThat(listener.texts()).isEmpty();
  }

  @Test
  void splitUtf8Delivered() throws Exception {
    byte[] text = "grüße 😀".getBytes(StandardCharsets.UTF_8);
    ServerConnection peer = open(ConnectRequest.builder(server.uri("/")).build());

    for (int i = 0; i < text.length; i++) {
      int opcode = i == 0 ? TEXT : CONTINUATION;
      peer.sendFrame(opcode, i == text.length - 1, new byte[] {text[i]});
    }

    assertThat(listener.awaitTexts(1, WAIT)).containsExactly("grüße 😀");
  }

  /** Each frame is under the limit, which Netty checks; only the whole message is over it. */
  @Test
  void smallFramesOverLimitClose1009() throws Exception {
    ServerConnection peer =
        open(ConnectRequest.builder(server.uri("/")).maxInboundMessageBytes(1000).build());

    sendInFrames(peer, new byte[1000], 400);
    sendInFrames(peer, new byte[1001], 400);

    ServerEvent.Close close = peer.await(ServerEvent.Close.class, WAIT);
    CloseInfo info = listener.awaitClosed(WAIT);
    assertThat(listener.binaries()).hasSize(1);
    assertThat(listener.binaries().get(0)).isEqualTo(new byte[1000]);
    assertThat(close.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(info.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(info.clean()).as("clean").isTrue();
  }

  /** Netty's decoder rejects the frame by its header; the 1009 close frame must reach the wire. */
  @Test
  void frameOverLimitSends1009() throws Exception {
    ServerConnection peer =
        open(ConnectRequest.builder(server.uri("/")).maxInboundMessageBytes(1000).build());

    peer.sendBinary(new byte[2000]);

    ServerEvent.Close close = peer.await(ServerEvent.Close.class, WAIT);
    CloseInfo info = listener.awaitClosed(WAIT);
    assertThat(close.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(info.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(info.remote()).isFalse();
    assertThat(listener.binaries()).isEmpty();
  }

  @Test
  void reservedOpcodeCloses1002() throws Exception {
    ServerConnection peer = open(ConnectRequest.builder(server.uri("/")).build());

    peer.sendFrame(0x3, true, new byte[] {1});

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code())
        .isEqualTo(CloseCodes.PROTOCOL_ERROR);
    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
  }

  @Test
  void serverPingAnsweredWithPayload() throws Exception {
    byte[] payload = {0, 1, 2, (byte) 0xFF, 'p'};
    ServerConnection peer = open(ConnectRequest.builder(server.uri("/")).build());

    peer.ping(payload);

    assertThat(peer.await(ServerEvent.Pong.class, WAIT).payload()).isEqualTo(payload);
    assertThat(listener.awaitCount(RecordingListener.Ping.class, 1, WAIT).get(0).payload())
        .isEqualTo(payload);
  }

  @Test
  void serverCloseWithoutCodeReports1005() throws Exception {
    ServerConnection peer = open(ConnectRequest.builder(server.uri("/")).build());

    peer.closeWithoutCode();

    ServerEvent.Close reply = peer.await(ServerEvent.Close.class, WAIT);
    CloseInfo info = listener.awaitClosed(WAIT);
    assertThat(reply.code()).isEqualTo(CloseCodes.NORMAL_CLOSURE);
    assertThat(info.code()).isEqualTo(CloseCodes.NO_STATUS_RECEIVED);
    assertThat(info.clean()).isTrue();
  }

  /** Unlike the TCK case, the send follows close() at once, before the close handshake ends. */
  @Test
  void sendAfterCloseFails() throws Exception {
    server.enqueue(Handshake.accept().noEcho());
    WebSocketConnection connection = connect(ConnectRequest.builder(server.uri("/")).build());
    ServerConnection peer = server.awaitConnection();
    CompletableFuture<Void> before = connection.sendText("before").toCompletableFuture();
    connection.close(1000, "");

    CompletableFuture<Void> after = connection.sendText("after").toCompletableFuture();

    before.get(5, TimeUnit.SECONDS);
    assertThat(Poll.until(after::isDone, WAIT)).isTrue();
    assertThat(after).isCompletedExceptionally();
    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1000);
    assertThat(peer.texts()).as("texts before the close frame").containsExactly("before");
  }

  /** Netty never bounds the outbound buffer; the connection reports what the buffer holds. */
  @Test
  void bufferedAmountReportsPendingBytes() throws Exception {
    int count = 32;
    int size = 1 << 20;
    server.enqueue(Handshake.accept().noEcho());
    WebSocketConnection connection = connect(ConnectRequest.builder(server.uri("/")).build());
    ServerConnection peer = server.awaitConnection();
    peer.stopReading();
    List<CompletableFuture<Void>> sends = new ArrayList<>();

    for (int i = 0; i < count; i++) {
      byte[] message = new byte[size];
      Arrays.fill(message, (byte) i);
      sends.add(connection.sendBinary(ByteBuffer.wrap(message)).toCompletableFuture());
    }
    boolean grew = Poll.until(() -> connection.bufferedAmount() > 8L * size, WAIT);
    long buffered = connection.bufferedAmount();
    peer.resumeReading();
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

    assertThat(grew).as("bufferedAmount above 8 MiB, last read %d", buffered).isTrue();
    assertThat(Poll.until(() -> connection.bufferedAmount() == 0, WAIT)).isTrue();
    List<ServerEvent.Binary> received =
        peer.awaitCount(ServerEvent.Binary.class, count, Duration.ofSeconds(20));
    for (int i = 0; i < count; i++) {
      assertThat(received.get(i).data()[0]).as("first byte of message %d", i).isEqualTo((byte) i);
    }
  }

  @Test
  void heartbeatKeepsAnsweringPeer() throws Exception {
    ConnectRequest request =
        ConnectRequest.builder(server.uri("/")).heartbeatInterval(Duration.ofSeconds(1)).build();
    ServerConnection peer = open(request);

    // Fails unless two pings arrive; the server replies to each with a pong.
    peer.awaitCount(ServerEvent.Ping.class, 2, WAIT);
    boolean closed =
        listener.arrivesWithin(RecordingListener.Closed.class, 1, Duration.ofSeconds(2));

    assertThat(closed).as("closed although every ping was answered").isFalse();
  }

  @Test
  void heartbeatEndsSilentPeer() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(server.port())) {
      Duration interval = Duration.ofMillis(300);
      connect(ConnectRequest.builder(proxy.uri("/")).heartbeatInterval(interval).build());

      proxy.blackhole();
      long start = System.nanoTime();
      CloseInfo info = listener.awaitClosed(WAIT);

      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(interval.multipliedBy(2).plusSeconds(2));
      assertThat(info.code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
      assertThat(info.clean()).as("clean").isFalse();
      assertThat(info.cause()).isInstanceOf(TimeoutException.class);
    }
  }

  private static void sendInFrames(ServerConnection peer, byte[] message, int frameSize) {
    for (int offset = 0; offset < message.length; offset += frameSize) {
      int end = Math.min(message.length, offset + frameSize);
      int opcode = offset == 0 ? BINARY : CONTINUATION;
      peer.sendFrame(opcode, end == message.length, Arrays.copyOfRange(message, offset, end));
    }
  }

  private WebSocketConnection connect(ConnectRequest request) throws Exception {
    return factory.connect(request, listener).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Opens a connection and returns the server's side of it. */
  private ServerConnection open(ConnectRequest request) throws Exception {
    connect(request);
    return server.awaitConnection();
  }
}
