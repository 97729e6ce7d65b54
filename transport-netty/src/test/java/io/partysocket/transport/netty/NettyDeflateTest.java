package io.partysocket.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.transport.netty.RawWebSocketServer.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Permessage-deflate (RFC 7692) against a raw server that compresses with {@link Deflater}: the
 * size limit and the UTF-8 check apply to the inflated message.
 */
class NettyDeflateTest {

  /** RSV1, the bit that marks a compressed message. */
  private static final int RSV1 = 0x40;

  /** The bytes a sync flush ends with, which permessage-deflate leaves off the wire. */
  private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

  private final NettyWebSocketFactory factory = new NettyWebSocketFactory();
  private final RecordingListener listener = new RecordingListener();
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
  void negotiatesAndInflates() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              acceptDeflate(peer);
              peer.sendFrame(true, RSV1, Frame.TEXT, deflate(utf8("hello hello hello")));
              peer.drainUntilEof();
            });

    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).compression(true));

    assertThat(raw.nextPeer().header("Sec-WebSocket-Extensions"))
        .containsExactly("permessage-deflate");
    assertThat(connection.extensions()).containsExactly("permessage-deflate");
    assertThat(listener.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("hello hello hello");
  }

  @Test
  void compressesOutbound() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              acceptDeflate(peer);
              received.add(peer.readFrame());
              peer.drainUntilEof();
            });
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).compression(true));
    String text = "compressible ".repeat(1000);

    connection.sendText(text).toCompletableFuture().get(5, TimeUnit.SECONDS);
    Frame frame = (Frame) received.poll(5, TimeUnit.SECONDS);

    assertThat(frame.rsv).as("reserved bits").isEqualTo(RSV1);
    assertThat(frame.payload.length).isLessThan(text.length() / 10);
    assertThat(new String(inflate(frame.payload), StandardCharsets.UTF_8)).isEqualTo(text);
  }

  /** A small frame that inflates past the limit must not be inflated in full. */
  @Test
  void inflatedFrameOverLimitCloses1009() throws Exception {
    byte[] bomb = deflate(new byte[4 << 20]);
    raw =
        RawWebSocketServer.start(
            peer -> {
              acceptDeflate(peer);
              peer.sendFrame(true, RSV1, Frame.BINARY, bomb);
              answerClose(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).compression(true).maxInboundMessageBytes(64 * 1024));

    Frame close = (Frame) received.poll(5, TimeUnit.SECONDS);
    CloseInfo info = listener.awaitClosed(5);

    assertThat(bomb.length).isLessThan(64 * 1024);
    assertThat(close.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(info.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(listener.binaries).isEmpty();
  }

  @Test
  void inflatedInvalidUtf8Closes1007() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              acceptDeflate(peer);
              peer.sendFrame(
                  true, RSV1, Frame.TEXT, deflate(new byte[] {'o', 'k', (byte) 0xC3, '('}));
              answerClose(peer);
            });
    open(ConnectRequest.builder(raw.uri("/")).compression(true));

    Frame close = (Frame) received.poll(5, TimeUnit.SECONDS);
    CloseInfo info = listener.awaitClosed(5);

    assertThat(close.closeCode()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(info.code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(listener.texts).isEmpty();
  }

  @Test
  void otherExtensionFails() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              acceptWith(peer, "x-foo");
              peer.drainUntilEof();
            });

    ExecutionException failure =
        catchThrowableOfType(
            ExecutionException.class,
            () -> open(ConnectRequest.builder(raw.uri("/")).compression(true)));

    assertThat(failure.getCause())
        .isInstanceOfSatisfying(
            ConnectFailedException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
  }

  @Test
  void declinedOfferOpensUncompressed() throws Exception {
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              received.add(peer.readFrame());
              peer.drainUntilEof();
            });
    WebSocketConnection connection = open(ConnectRequest.builder(raw.uri("/")).compression(true));

    connection.sendText("plain").toCompletableFuture().get(5, TimeUnit.SECONDS);
    Frame frame = (Frame) received.poll(5, TimeUnit.SECONDS);

    assertThat(connection.extensions()).isEmpty();
    assertThat(frame.rsv).as("reserved bits").isZero();
    assertThat(frame.text()).isEqualTo("plain");
  }

  private static void acceptDeflate(RawWebSocketServer.Peer peer) throws Exception {
    acceptWith(peer, "permessage-deflate");
  }

  private static void acceptWith(RawWebSocketServer.Peer peer, String extensions) throws Exception {
    String response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + peer.expectedAccept()
            + "\r\nSec-WebSocket-Extensions: "
            + extensions
            + "\r\n\r\n";
    peer.sendRaw(response.getBytes(StandardCharsets.ISO_8859_1));
  }

  private void answerClose(RawWebSocketServer.Peer peer) throws Exception {
    Frame close = peer.readUntil(Frame.CLOSE);
    received.add(close);
    if (close != null) {
      peer.sendClose(close.closeCode(), "");
    }
    peer.drainUntilEof();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns the payload of one compressed message: raw deflate with the sync-flush tail removed.
   */
  private static byte[] deflate(byte[] message) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(message);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int count;
    do {
      count = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      out.write(buffer, 0, count);
    } while (count == buffer.length);
    deflater.end();
    byte[] bytes = out.toByteArray();
    assertThat(Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length)).isEqualTo(TAIL);
    return Arrays.copyOf(bytes, bytes.length - 4);
  }

  private static byte[] inflate(byte[] payload) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
    System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
    inflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int count;
    while ((count = inflater.inflate(buffer)) > 0) {
      out.write(buffer, 0, count);
    }
    inflater.end();
    return out.toByteArray();
  }

  private WebSocketConnection open(ConnectRequest.Builder request) throws Exception {
    return factory
        .connect(request.build(), listener)
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }
}
