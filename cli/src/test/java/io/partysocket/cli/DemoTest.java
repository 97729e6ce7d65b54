package io.partysocket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's first command, end to end: three server restarts and nothing lost. */
class DemoTest {

  @Test
  void demoLosesNothing() throws Exception {
    try (CliProcess demo = CliProcess.start("demo")) {
      assertThat(demo.awaitExit(Duration.ofSeconds(60))).isZero();

      String summary =
          demo.awaitStderr(line -> line.contains("demo: summary"), Duration.ofSeconds(1));
      assertThat(summary).contains("reconnects 3").endsWith("lost 0");
      assertThat(demo.stderr()).anyMatch(line -> line.contains("server stopped (restart 3 of 3)"));
      assertThat(demo.stdout()).anyMatch(line -> line.contains("(was queued while disconnected)"));
      assertThat(demo.stdout()).noneMatch(line -> line.contains("(duplicate)"));
    }
  }
}
