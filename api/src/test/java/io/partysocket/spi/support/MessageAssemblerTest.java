package io.partysocket.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.spi.CloseCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageAssemblerTest {

  private final MessageAssembler assembler = new MessageAssembler(1024);

  @Test
  void joinsTextParts() throws MessageRejectedException {
    assertThat(assembler.appendText("hel", false)).isNull();
    assertThat(assembler.inProgress()).isEqualTo(MessageAssembler.Type.TEXT);

    assertThat(assembler.appendText("lo", true)).isEqualTo("hello");
    assertThat(assembler.inProgress()).isNull();
  }

  @Test
  void joinsUtf8SplitInsideCharacters() throws MessageRejectedException {
    String expected = "a\u00e9\u20ac\ud83d\ude00z";
    byte[] bytes = expected.getBytes(StandardCharsets.UTF_8);

    String result = null;
    for (int i = 0; i < bytes.length; i++) {
      result = assembler.appendUtf8(ByteBuffer.wrap(bytes, i, 1), i == bytes.length - 1);
    }

    assertThat(result).isEqualTo(expected);
  }

  @Test
  void leavesCallerBufferPositionAlone() throws MessageRejectedException {
    ByteBuffer part = ByteBuffer.wrap(new byte[] {1, 2, 3});

    assembler.appendBinary(part, true);

    assertThat(part.position()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ff", "c328", "c080", "eda080", "f4908080", "e282"})
  void rejectsInvalidUtf8With1007(String hex) {
    ByteBuffer part = ByteBuffer.wrap(hexBytes(hex));

    assertThatThrownBy(() -> assembler.appendUtf8(part, true))
        .isInstanceOfSatisfying(
            MessageRejectedException.class,
            e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.INVALID_PAYLOAD));
  }

  @Test
  void rejectsInvalidUtf8BeforeLastPart() {
    ByteBuffer part = ByteBuffer.wrap(hexBytes("41ff41"));

    assertThatThrownBy(() -> assembler.appendUtf8(part, false))
        .isInstanceOfSatisfying(
            MessageRejectedException.class,
            e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.INVALID_PAYLOAD));
  }

  @Test
  void rejectsTruncatedUtf8AcrossParts() throws MessageRejectedException {
    assembler.appendUtf8(ByteBuffer.wrap(hexBytes("41e2")), false);

    assertThatThrownBy(() -> assembler.appendUtf8(ByteBuffer.wrap(hexBytes("82")), true))
        .isInstanceOf(MessageRejectedException.class);
  }

  @Test
  void acceptsMessageAtLimit() throws MessageRejectedException {
    ByteBuffer result = assembler.appendBinary(ByteBuffer.allocate(1024), true);

    assertThat(result.remaining()).isEqualTo(1024);
  }

  @Test
  void rejectsMessageOverLimitWith1009() throws MessageRejectedException {
    assembler.appendBinary(ByteBuffer.allocate(1000), false);

    assertThatThrownBy(() -> assembler.appendBinary(ByteBuffer.allocate(25), true))
        .isInstanceOfSatisfying(
            MessageRejectedException.class,
            e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG));
  }

  @Test
  void countsDecodedTextInUtf8Bytes() {
    String twoBytesEach = "\u00e9".repeat(513);

    assertThatThrownBy(() -> assembler.appendText(twoBytesEach, true))
        .isInstanceOfSatisfying(
            MessageRejectedException.class,
            e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG));
  }

  @Test
  void binaryResultIsIndependentCopy() throws MessageRejectedException {
    byte[] source = {1, 2};
    ByteBuffer first = ByteBuffer.wrap(source);

    assembler.appendBinary(first, false);
    source[0] = 9;
    ByteBuffer result = assembler.appendBinary(ByteBuffer.wrap(new byte[] {3}), true);

    assertThat(result.array()).containsExactly(1, 2, 3);
    assertThat(result.position()).isZero();
  }

  @Test
  void mixedTypesRejectedWith1002() throws MessageRejectedException {
    assembler.appendText("a", false);

    assertThatThrownBy(() -> assembler.appendBinary(ByteBuffer.allocate(1), true))
        .isInstanceOfSatisfying(
            MessageRejectedException.class,
            e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR));
  }

  @Test
  void acceptsNextMessageAfterRejection() throws MessageRejectedException {
    assertThatThrownBy(() -> assembler.appendBinary(ByteBuffer.allocate(2000), true))
        .isInstanceOf(MessageRejectedException.class);

    assertThat(assembler.appendText("next", true)).isEqualTo("next");
  }

  @Test
  void emptyMessagesAreWhole() throws MessageRejectedException {
    assertThat(assembler.appendText("", true)).isEmpty();
    assertThat(assembler.appendUtf8(ByteBuffer.allocate(0), true)).isEmpty();
    assertThat(assembler.appendBinary(ByteBuffer.allocate(0), true).remaining()).isZero();
  }

  @Test
  void rejectionMessageLeavesContentOut() {
    ByteBuffer secret = ByteBuffer.wrap("token=abc\u00ff".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> assembler.appendUtf8(secret, true)).hasMessageNotContaining("token");
  }

  @Test
  void limitBelowOneRejected() {
    assertThatThrownBy(() -> new MessageAssembler(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMessageBytes");
  }

  private static byte[] hexBytes(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }
}
