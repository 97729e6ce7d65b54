package io.partysocket.transport.tyrus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameReaderTest {

  private static final int CONTINUATION = 0x0;
  private static final int TEXT = 0x1;
  private static final int BINARY = 0x2;
  private static final int CLOSE = 0x8;
  private static final int PING = 0x9;
  private static final int PONG = 0xa;

  /** What Tyrus and the connection saw, in order. */
  private final List<String> log = new ArrayList<>();

  private final ByteArrayOutputStream tyrusBytes = new ByteArrayOutputStream();
  private final List<Integer> sliceEnds = new ArrayList<>();
  private final FakeConnection connection = new FakeConnection();

  private FrameReader reader(long limit) {
    return new FrameReader(
        data -> {
          byte[] bytes = new byte[data.remaining()];
          data.get(bytes);
          tyrusBytes.writeBytes(bytes);
          sliceEnds.add(tyrusBytes.size());
          log.add("tyrus " + bytes.length);
        },
        connection,
        limit);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 64, 100_000})
  void slicesEndAtFrameBoundaries(int chunk) {
    List<byte[]> frames =
        List.of(
            frame(TEXT, true, text("hello"), false),
            frame(PING, true, text("p"), false),
            frame(BINARY, false, new byte[300], false),
            frame(CONTINUATION, true, new byte[70_000], false),
            frame(PONG, true, new byte[0], true),
            frame(TEXT, true, new byte[0], false));
    byte[] stream = concat(frames);

    feed(reader(1 << 20), stream, chunk);

    assertThat(tyrusBytes.toByteArray()).isEqualTo(stream);
    List<Integer> boundaries = new ArrayList<>();
    int end = 0;
    for (byte[] frame : frames) {
      end += frame.length;
      boundaries.add(end);
    }
    for (int i = 0; i < sliceEnds.size(); i++) {
      int sliceStart = i == 0 ? 0 : sliceEnds.get(i - 1);
      int sliceEnd = sliceEnds.get(i);
      assertThat(boundaries.stream().noneMatch(b -> b > sliceStart && b < sliceEnd))
          .as("slice %d to %d crosses no frame boundary", sliceStart, sliceEnd)
          .isTrue();
    }
  }

  @Test
  void pingReportedAfterItsBytes() {
    byte[] stream =
        concat(
            List.of(frame(TEXT, true, text("a"), false), frame(PING, true, text("ping"), false)));

    reader(1024).handle(ByteBuffer.wrap(stream));

    assertThat(log).containsExactly("tyrus 3", "tyrus 6", "ping ping");
  }

  @Test
  void frameOverLimitRejected() {
    byte[] stream =
        concat(
            List.of(
                frame(BINARY, true, new byte[100], false),
                frame(BINARY, true, new byte[101], false),
                frame(TEXT, true, text("late"), false),
                frame(CLOSE, true, closePayload(1000, "ok"), false)));

    reader(100).handle(ByteBuffer.wrap(stream));

    assertThat(log).containsExactly("tyrus 102", "reject 1009", "close 1000 ok");
    assertThat(tyrusBytes.size()).isEqualTo(102);
  }

  @Test
  void fragmentsCountTogether() {
    byte[] stream =
        concat(
            List.of(
                frame(TEXT, false, new byte[600], false),
                frame(PING, true, text("0123456789"), false),
                frame(CONTINUATION, true, new byte[600], false)));

    reader(1024).handle(ByteBuffer.wrap(stream));

    assertThat(log).containsExactly("tyrus 604", "tyrus 12", "ping 0123456789", "reject 1009");
  }

  @Test
  void controlFramesNotCounted() {
    byte[] stream =
        concat(
            List.of(
                frame(BINARY, false, new byte[8], false),
                frame(PONG, true, new byte[125], false),
                frame(CONTINUATION, true, new byte[2], false)));

    reader(10).handle(ByteBuffer.wrap(stream));

    assertThat(log).doesNotContain("reject 1009");
    assertThat(tyrusBytes.toByteArray()).isEqualTo(stream);
  }

  @Test
  void largeLengthRejected() {
    byte[] header = {(byte) 0x82, 127, 0, 0, 0, 1, 0, 0, 0, 0};

    reader(1 << 20).handle(ByteBuffer.wrap(header));

    assertThat(log).containsExactly("reject 1009");
  }

  @Test
  void maskedCloseParsed() {
    byte[] stream = frame(CLOSE, true, closePayload(4001, "gone"), true);

    feed(reader(1024), stream, 1);

    assertThat(log).contains("close 4001 gone");
    assertThat(tyrusBytes.toByteArray()).isEqualTo(stream);
  }

  @Test
  void closeWithoutCode() {
    reader(1024).handle(ByteBuffer.wrap(frame(CLOSE, true, new byte[0], false)));

    assertThat(log).containsExactly("close -1 ", "tyrus 2");
  }

  @Test
  void closeNotFedWhenRefused() {
    connection.feedClose = false;

    reader(1024).handle(ByteBuffer.wrap(frame(CLOSE, true, closePayload(1000, ""), false)));

    assertThat(log).containsExactly("close 1000 ");
    assertThat(tyrusBytes.size()).isZero();
  }

  @Test
  void nothingFedAfterOpen() {
    connection.accepting = false;
    byte[] stream =
        concat(List.of(frame(TEXT, true, text("x"), false), frame(PING, true, text("p"), false)));

    reader(1024).handle(ByteBuffer.wrap(stream));

    assertThat(log).isEmpty();
  }

  @Test
  void inputPositionConsumed() {
    ByteBuffer input = ByteBuffer.wrap(frame(TEXT, true, text("abc"), false));

    reader(1024).handle(input);

    assertThat(input.hasRemaining()).isFalse();
  }

  private static void feed(FrameReader reader, byte[] stream, int chunk) {
    for (int offset = 0; offset < stream.length; offset += chunk) {
      int end = Math.min(stream.length, offset + chunk);
      reader.handle(ByteBuffer.wrap(Arrays.copyOfRange(stream, offset, end)));
    }
  }

  private static byte[] text(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] closePayload(int code, String reason) {
    byte[] reasonBytes = text(reason);
    byte[] payload = new byte[2 + reasonBytes.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
    return payload;
  }

  /** Returns a frame with the shortest length encoding, masked with a fixed random key if asked. */
  private static byte[] frame(int opcode, boolean fin, byte[] payload, boolean masked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      out.write(maskBit | payload.length);
    } else if (payload.length < 65_536) {
      out.write(maskBit | 126);
      out.write(payload.length >> 8);
      out.write(payload.length);
    } else {
      out.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) payload.length >> shift));
      }
    }
    byte[] body = payload.clone();
    if (masked) {
      byte[] key = new byte[4];
      new Random(opcode).nextBytes(key);
      out.writeBytes(key);
      for (int i = 0; i < body.length; i++) {
        body[i] ^= key[i % 4];
      }
    }
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /** Records the reader's calls into {@link #log}. */
  private final class FakeConnection implements FrameReader.Connection {
    boolean accepting = true;
    boolean feedClose = true;

    @Override
    public boolean acceptsInbound() {
      return accepting;
    }

    @Override
    public void rejectInbound(int code, String reason, String detail) {
      log.add("reject " + code);
      accepting = false;
    }

    @Override
    public boolean peerClosed(int parsedCode, String reason) {
      log.add("close " + parsedCode + " " + reason);
      accepting = false;
      return feedClose;
    }

    @Override
    public void pingReceived(ByteBuffer payload) {
      log.add("ping " + StandardCharsets.UTF_8.decode(payload));
    }
  }
}
