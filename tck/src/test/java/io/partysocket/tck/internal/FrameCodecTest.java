package io.partysocket.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodecTest {

  private static final byte[] MASK = {1, 2, 3, 4};

  private static Frame roundTrip(byte[] wire) throws IOException {
    return FrameCodec.read(new ByteArrayInputStream(wire), Long.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 65_535, 65_536, 1 << 20})
  void roundTripKeepsPayload(int length) throws IOException {
    byte[] payload = new byte[length];
    Arrays.fill(payload, (byte) 7);

    Frame frame = roundTrip(FrameCodec.encode(true, 0, Frame.OP_BINARY, payload, MASK));

    assertThat(frame.payload()).isEqualTo(payload);
    assertThat(frame.masked()).isTrue();
    assertThat(frame.fin()).isTrue();
    assertThat(frame.opcode()).isEqualTo(Frame.OP_BINARY);
  }

  @ParameterizedTest
  @ValueSource(ints = {125, 126, 65_535, 65_536})
  void lengthEncodingUsesShortestForm(int length) {
    byte[] wire = FrameCodec.encode(true, 0, Frame.OP_TEXT, new byte[length], null);

    int header = 10;
    if (length <= 125) {
      header = 2;
    } else if (length <= 65_535) {
      header = 4;
    }
    assertThat(wire.length).isEqualTo(header + length);
  }

  @Test
  void rfcExampleUnmaskedHello() throws IOException {
    byte[] wire = {(byte) 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};

    Frame frame = roundTrip(wire);

    assertThat(new String(frame.payload(), StandardCharsets.UTF_8)).isEqualTo("Hello");
    assertThat(FrameCodec.encode(true, 0, Frame.OP_TEXT, frame.payload(), null)).isEqualTo(wire);
  }

  @Test
  void rfcExampleMaskedHello() throws IOException {
    byte[] wire = {
      (byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58
    };

    Frame frame = roundTrip(wire);

    assertThat(new String(frame.payload(), StandardCharsets.UTF_8)).isEqualTo("Hello");
    assertThat(frame.masked()).isTrue();
  }

  @Test
  void reservedBitsAndFinRead() throws IOException {
    Frame frame = roundTrip(FrameCodec.encode(false, 4, Frame.OP_CONTINUATION, new byte[0], null));

    assertThat(frame.fin()).isFalse();
    assertThat(frame.rsv()).isEqualTo(4);
    assertThat(frame.opcode()).isEqualTo(Frame.OP_CONTINUATION);
  }

  @Test
  void emptyStreamReadsNull() throws IOException {
    assertThat(roundTrip(new byte[0])).isNull();
  }

  @Test
  void truncatedFrameFails() {
    byte[] wire = FrameCodec.encode(true, 0, Frame.OP_TEXT, new byte[10], null);

    assertThatThrownBy(() -> roundTrip(Arrays.copyOf(wire, 6))).isInstanceOf(EOFException.class);
  }

  @Test
  void longControlFrameFails() {
    byte[] wire = FrameCodec.encode(true, 0, Frame.OP_PING, new byte[126], null);

    assertThatThrownBy(() -> roundTrip(wire)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void fragmentedControlFrameFails() {
    byte[] wire = FrameCodec.encode(false, 0, Frame.OP_PING, new byte[1], null);

    assertThatThrownBy(() -> roundTrip(wire)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void frameOverLimitFailsBeforePayload() {
    byte[] wire = FrameCodec.encode(true, 0, Frame.OP_BINARY, new byte[100], MASK);

    assertThatThrownBy(() -> FrameCodec.read(new ByteArrayInputStream(wire), 99))
        .isInstanceOfSatisfying(
            FrameCodec.FrameTooLargeException.class,
            e -> assertThat(e.unreadBytes()).isEqualTo(104));
  }

  @Test
  void closePayloadRoundTrip() throws IOException {
    byte[] wire =
        FrameCodec.encode(true, 0, Frame.OP_CLOSE, Frame.closePayload(4001, "grüße"), null);

    Frame frame = roundTrip(wire);

    assertThat(frame.closeCode()).isEqualTo(4001);
    assertThat(frame.closeReason()).isEqualTo("grüße");
  }

  @Test
  void emptyCloseMeans1005() throws IOException {
    Frame frame = roundTrip(FrameCodec.encode(true, 0, Frame.OP_CLOSE, new byte[0], null));

    assertThat(frame.closeCode()).isEqualTo(1005);
    assertThat(frame.closeReason()).isEmpty();
  }

  @Test
  void invalidUtf8Rejected() {
    assertThatThrownBy(() -> FrameCodec.decodeUtf8(new byte[] {(byte) 0xC3, '('}))
        .isInstanceOf(CharacterCodingException.class);
  }

  @Test
  void invalidOpcodeRejected() {
    assertThatThrownBy(() -> FrameCodec.encode(true, 0, 16, new byte[0], null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
