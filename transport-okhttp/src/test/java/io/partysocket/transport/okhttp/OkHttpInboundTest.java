package io.partysocket.transport.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseInfo;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inbound limits and UTF-8 checks, which OkHttp lacks and the frame inspector adds. */
class OkHttpInboundTest extends OkHttpFixture {

  private static final int OPCODE_CONTINUATION = 0x0;
  private static final int OPCODE_TEXT = 0x1;
  private static final int OPCODE_BINARY = 0x2;
  private static final int RSV1 = 4;

  private RecordingListener listener;
  private ServerConnection peer;

  private void open(String path, long maxInboundBytes) {
    open(path, maxInboundBytes, false);
  }

  private void open(String path, long maxInboundBytes, boolean compression) {
    listener = listener();
    open(
        request(server.uri(path))
            .maxInboundMessageBytes(maxInboundBytes)
            .compression(compression)
            .build(),
        listener);
    peer = server.awaitConnection();
  }

  @Test
  void oversizedFrameRejectedAtHeader() {
    open("/header", 64 * 1024);
    // A binary frame that announces 1 GiB and sends 1000 bytes of it: OkHttp alone would wait for
    // the rest, buffering it, and never close.
    ByteBuffer frame = ByteBuffer.allocate(2 + 8 + 1000);
    frame.put((byte) 0x82).put((byte) 127).putLong(1L << 30);

    peer.sendRaw(frame.array());

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1009);
    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1009);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(listener.binaries()).isEmpty();
  }

  @Test
  void oversizedFragmentsRejected() {
    open("/fragments", 1000);

    peer.sendFrame(OPCODE_TEXT, false, "a".repeat(600).getBytes(StandardCharsets.UTF_8));
    peer.sendFrame(OPCODE_CONTINUATION, true, "b".repeat(600).getBytes(StandardCharsets.UTF_8));

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1009);
    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1009);
    assertThat(closed.clean()).as("clean").isTrue();
    assertThat(listener.texts()).isEmpty();
  }

  @Test
  void messageAtLimitDelivered() {
    open("/at-limit", 1000);

    peer.sendBinary(new byte[1000]);

    assertThat(listener.awaitBinaries(1, WAIT).get(0)).hasSize(1000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "C0 80", // overlong NUL
        "E0 9F BF", // overlong U+07FF
        "ED A0 80", // surrogate U+D800
        "F4 90 80 80", // above U+10FFFF
        "F5 80 80 80", // invalid lead byte
        "80", // continuation without a lead byte
        "E2 82" // sequence cut off at the end of the message
      })
  void invalidUtf8Rejected(String hex) {
    open("/utf8", 1 << 20);
    byte[] payload = concat("ok ".getBytes(StandardCharsets.UTF_8), bytes(hex));

    peer.sendFrame(OPCODE_TEXT, true, payload);

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1007);
    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(1007);
    assertThat(listener.texts()).isEmpty();
  }

  @Test
  void sequenceSplitAcrossFramesAccepted() {
    open("/split", 1 << 20);
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);

    peer.sendFrame(OPCODE_TEXT, false, Arrays.copyOfRange(euro, 0, 2));
    peer.sendFrame(OPCODE_CONTINUATION, true, Arrays.copyOfRange(euro, 2, 3));

    assertThat(listener.awaitTexts(1, WAIT)).containsExactly("€");
  }

  @Test
  void replacementCharacterFromPeerAccepted() {
    open("/fffd", 1 << 20);

    peer.sendText("valid \uFFFD");
    peer.sendText("after");

    assertThat(listener.awaitTexts(2, WAIT)).containsExactly("valid \uFFFD", "after");
  }

  @Test
  void messagesBeforeRejectedOneDelivered() {
    open("/before", 1 << 20);
    byte[] first = frame(OPCODE_TEXT, "one".getBytes(StandardCharsets.UTF_8));
    byte[] second = frame(OPCODE_BINARY, new byte[] {2});
    byte[] invalid = frame(OPCODE_TEXT, bytes("C3 28"));
    byte[] after = frame(OPCODE_TEXT, "after".getBytes(StandardCharsets.UTF_8));

    // One write, so that OkHttp reads all four frames at once and the inspector finds the invalid
    // one before OkHttp delivered the first two.
    peer.sendRaw(concat(concat(first, second), concat(invalid, after)));

    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(1007);
    assertThat(listener.texts()).containsExactly("one");
    assertThat(listener.binaries()).hasSize(1);
  }

  @Test
  void compressedOversizeRejectedAfterInflating() {
    server.enqueue(Handshake.accept().extensions("permessage-deflate"));
    open("/deflate", 64 * 1024, true);

    peer.sendFrame(OPCODE_BINARY, true, RSV1, deflate(new byte[100 * 1024]));

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1009);
    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(1009);
    assertThat(listener.binaries()).isEmpty();
  }

  /**
   * Pins a known gap: the inspector does not inflate, so invalid UTF-8 in a compressed text message
   * reaches the listener the way OkHttp decodes it, with U+FFFD.
   */
  @Test
  void compressedInvalidUtf8NotDetected() {
    server.enqueue(Handshake.accept().extensions("permessage-deflate"));
    open("/deflate-utf8", 1 << 20, true);

    peer.sendFrame(OPCODE_TEXT, true, RSV1, deflate(bytes("6F 6B C3 28")));

    assertThat(listener.awaitTexts(1, WAIT)).containsExactly("ok\uFFFD(");
  }

  @Test
  void compressedTextDelivered() {
    server.enqueue(Handshake.accept().extensions("permessage-deflate"));
    open("/deflate-text", 1 << 20, true);
    String text = "grüße ".repeat(1000);

    peer.sendFrame(OPCODE_TEXT, true, RSV1, deflate(text.getBytes(StandardCharsets.UTF_8)));
    peer.sendText("plain after compressed");

    assertThat(listener.awaitTexts(2, WAIT)).containsExactly(text, "plain after compressed");
  }

  private static byte[] frame(int opcode, byte[] payload) {
    byte[] frame = new byte[2 + payload.length];
    frame[0] = (byte) (0x80 | opcode);
    frame[1] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    return frame;
  }

  /** Returns the permessage-deflate payload of one message: raw deflate, no 00 00 FF FF tail. */
  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int written;
    do {
      written = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
      out.write(chunk, 0, written);
    } while (written == chunk.length);
    deflater.end();
    byte[] flushed = out.toByteArray();
    return Arrays.copyOf(flushed, flushed.length - 4);
  }

  private static byte[] bytes(String hex) {
    String[] parts = hex.split(" ");
    byte[] bytes = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      bytes[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return bytes;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] joined = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    return joined;
  }
}
