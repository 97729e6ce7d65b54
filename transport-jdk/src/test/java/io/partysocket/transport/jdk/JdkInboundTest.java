package io.partysocket.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.transport.jdk.RawWebSocketServer.Frame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdkInboundTest {

  private final JdkWebSocketFactory factory = new JdkWebSocketFactory();
  private final RecordingListener listener = new RecordingListener();

  /** Frames the raw server received from the client, then "EOF" when the client closed TCP. */
  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

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
  void fragmentsAreReassembled() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(false, Frame.TEXT, utf8("Hel"));
              peer.sendFrame(true, Frame.PING, utf8("p"));
              peer.sendFrame(false, Frame.CONTINUATION, utf8("lo \u20ac"));
              peer.sendFrame(true, Frame.CONTINUATION, utf8("!"));
              peer.sendFrame(false, Frame.BINARY, new byte[] {1, 2});
              peer.sendFrame(true, Frame.CONTINUATION, new byte[] {3});
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    String text = listener.texts.poll(5, TimeUnit.SECONDS);
    ByteBuffer binary = listener.binaries.poll(5, TimeUnit.SECONDS);

    assertThat(text).isEqualTo("Hello \u20ac!");
    assertThat(bytes(binary)).containsExactly(1, 2, 3);
    Frame pong = nextFrame();
    assertThat(pong.opcode).isEqualTo(Frame.PONG);
    assertThat(pong.text()).isEqualTo("p");
    assertThat(listener.calls).containsSubsequence("onOpen", "onPing", "onText", "onBinary");
  }

  @Test
  void largeMessageArrivesWhole() throws Exception {
    byte[] payload = new byte[3 * 1024 * 1024 + 7];
    Arrays.fill(payload, (byte) 7);
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(true, Frame.BINARY, payload);
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    ByteBuffer binary = listener.binaries.poll(10, TimeUnit.SECONDS);

    assertThat(binary).isNotNull();
    assertThat(binary.remaining()).isEqualTo(payload.length);
  }

  @Test
  void tooLargeMessageReports1009() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(true, Frame.BINARY, new byte[70 * 1024]);
              Frame close = peer.readUntil(Frame.CLOSE);
              received.add(close);
              peer.sendClose(close.closeCode(), "");
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).maxInboundMessageBytes(64 * 1024).build());

    Object first = received.poll(5, TimeUnit.SECONDS);
    assertThat(first)
        .as("first frame; onClosed %s", listener.closed.getNow(null))
        .isInstanceOf(Frame.class);
    Frame close = (Frame) first;

    // The JDK refuses to send 1009, so the adapter sends 1008 with the same reason.
    assertThat(close.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
    assertThat(close.closeReason()).isEqualTo("Message too big");
    CloseInfo info = listener.awaitClosed(5);
    assertThat(info.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(info.remote()).isFalse();
    assertThat(info.clean()).isTrue();
    assertThat(listener.binaries).isEmpty();
  }

  @Test
  void tooLargeTextCountsUtf8Bytes() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendText("\u00e9".repeat(600));
              Frame close = peer.readUntil(Frame.CLOSE);
              received.add(close);
              peer.sendClose(close.closeCode(), "");
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).maxInboundMessageBytes(1000).build());

    assertThat(nextFrame().closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
    assertThat(listener.awaitClosed(5).code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
  }

  @Test
  void messageAtLimitIsDelivered() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(true, Frame.BINARY, new byte[1000]);
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).maxInboundMessageBytes(1000).build());

    ByteBuffer binary = listener.binaries.poll(5, TimeUnit.SECONDS);

    assertThat(binary).isNotNull();
    assertThat(binary.remaining()).isEqualTo(1000);
  }

  @Test
  void invalidUtf8ClosesWith1007() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(true, Frame.TEXT, new byte[] {(byte) 0xC3, 0x28});
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    CloseInfo info = listener.awaitClosed(5);

    assertThat(info.code()).as("code of %s", info).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(info.clean()).isFalse();
    assertThat(info.cause()).hasRootCauseInstanceOf(CharacterCodingException.class);
    assertThat(listener.texts).isEmpty();
    // Java 17 shuts its output down while its own 1007 close frame is queued, so the frame
    // reaches the peer only sometimes; either way the TCP connection ends.
    Object next = received.poll(5, TimeUnit.SECONDS);
    if (next instanceof Frame) {
      assertThat(((Frame) next).closeCode()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
      next = received.poll(5, TimeUnit.SECONDS);
    }
    assertThat(next).isEqualTo("EOF");
  }

  @Test
  void serverPingIsAnsweredAndReported() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(true, Frame.PING, utf8("abc"));
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    Frame pong = nextFrame();
    ByteBuffer ping = listener.pings.poll(5, TimeUnit.SECONDS);

    assertThat(pong.opcode).isEqualTo(Frame.PONG);
    assertThat(pong.text()).isEqualTo("abc");
    assertThat(StandardCharsets.UTF_8.decode(ping).toString()).isEqualTo("abc");
  }

  @Test
  void unsolicitedPongIsReported() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              peer.sendFrame(true, Frame.PONG, utf8("beat"));
              recordRest(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).build());

    ByteBuffer pong = listener.pongs.poll(5, TimeUnit.SECONDS);

    assertThat(StandardCharsets.UTF_8.decode(pong).toString()).isEqualTo("beat");
  }

  @Test
  void pingGetsPongWithPayload() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              Frame ping = peer.readUntil(Frame.PING);
              peer.sendFrame(true, Frame.PONG, ping.payload);
              recordRest(peer);
            });
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).build());

    connection.ping(ByteBuffer.wrap(utf8("hb-1"))).toCompletableFuture().get(5, TimeUnit.SECONDS);

    ByteBuffer pong = listener.pongs.poll(5, TimeUnit.SECONDS);
    assertThat(StandardCharsets.UTF_8.decode(pong).toString()).isEqualTo("hb-1");
  }

  private WebSocketConnection open(ConnectRequest request) throws Exception {
    return factory.connect(request, listener).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private Frame nextFrame() throws InterruptedException {
    Object next = received.poll(5, TimeUnit.SECONDS);
    assertThat(next).isInstanceOf(Frame.class);
    return (Frame) next;
  }

  private void recordRest(RawWebSocketServer.Peer peer) throws Exception {
    Frame frame;
    while ((frame = peer.readFrame()) != null) {
      received.add(frame);
    }
    received.add("EOF");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
