package io.partysocket.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloseFramesTest {

  @ParameterizedTest
  @CsvSource({"1000,1000", "1001,1001", "4001,4001", "1005,1000", "1006,1000", "1015,1000"})
  void replyCode(int received, int expected) {
    assertThat(CloseFrames.replyCode(received)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"-1,1005", "1000,1000", "4001,4001"})
  void reportedCode(int parsed, int expected) {
    assertThat(CloseFrames.reportedCode(parsed)).isEqualTo(expected);
  }
}
