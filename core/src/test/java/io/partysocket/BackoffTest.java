package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.partysocket.internal.Backoff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  @ParameterizedTest(name = "retry {0} waits {1} ms")
  @CsvSource({
    "-1, 0",
    "0, 0",
    "1, 3000",
    "2, 3900",
    "3, 5070.000000000001",
    "4, 6591.000000000001",
    "5, 8568.300000000001",
    "6, 10000",
    "7, 10000",
    "40, 10000"
  })
  void defaultsOfPartySocket(int retryCount, double expected) {
    assertThat(Backoff.delayMillis(retryCount, 3000, 10000, 1.3)).isCloseTo(expected, within(1e-6));
  }

  @Test
  void growFactorTwoCapsAtMax() {
    double[] delays = new double[6];
    for (int n = 1; n <= 6; n++) {
      delays[n - 1] = Backoff.delayMillis(n, 50, 500, 2);
    }
    assertThat(delays).containsExactly(50, 100, 200, 400, 500, 500);
  }

  @Test
  void factorOneKeepsMinimum() {
    assertThat(Backoff.delayMillis(30, 250, 1000, 1.0)).isEqualTo(250);
  }

  @Test
  void hugeExponentStaysAtCap() {
    assertThat(Backoff.delayMillis(Integer.MAX_VALUE, 1000, 10000, 1.3)).isEqualTo(10000);
  }

  @Test
  void toNanosKeepsFraction() {
    assertThat(Backoff.toNanos(8568.3)).isEqualTo(8_568_300_000L);
  }
}
