package io.partysocket.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

  @ParameterizedTest
  @ValueSource(
      strings = {"", "ascii", "caf\u00e9", "\u20ac100", "\ud83d\ude00 emoji", "\u0800\uffff"})
  void encodedLengthMatchesEncoder(String text) {
    assertThat(Utf8.encodedLength(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\ud83d\ude00", "a\ud83c\udf89b"})
  void surrogatePairSplitAcrossCallsCountsFour(String text) {
    int split =
        text.indexOf(Character.isHighSurrogate(text.charAt(0)) ? text.charAt(0) : text.charAt(1))
            + 1;

    long total =
        Utf8.encodedLength(text.substring(0, split)) + Utf8.encodedLength(text.substring(split));

    assertThat(total).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }
}
