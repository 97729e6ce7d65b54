package io.partysocket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad command lines exit with 2 and say what is wrong; help exits with 0. */
class UsageTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  static Stream<Arguments> badCommandLines() {
    return Stream.of(
        Arguments.of(new String[] {}, "Missing required parameter: 'URL'"),
        Arguments.of(new String[] {"ws://127.0.0.1:9/x", "--nope"}, "Unknown option: '--nope'"),
        Arguments.of(new String[] {"http://127.0.0.1:9/x"}, "url must start with ws:// or wss://"),
        Arguments.of(
            new String[] {"ws://127.0.0.1:9/x", "--min-delay", "soon"}, "invalid duration 'soon'"),
        Arguments.of(
            new String[] {"ws://127.0.0.1:9/x", "--max-retries", "-1"},
            "maxRetries must be at least 0 but was -1"),
        Arguments.of(
            new String[] {"ws://127.0.0.1:9/x", "--header", "novalue"},
            "--header must be NAME:VALUE"),
        Arguments.of(
            new String[] {"ws://127.0.0.1:9/x", "--transport", "nosuch"},
            "--transport must be one of netty, jetty, okhttp, jdk, tyrus but was \"nosuch\""),
        Arguments.of(
            new String[] {"ws://127.0.0.1:9/x", "--connection-timeout", "4"},
            "invalid duration '4': the unit is missing; write 4s or 4ms"),
        Arguments.of(
            new String[] {"ws://127.0.0.1:9/x", "--drain-timeout", "-1s"},
            "invalid duration '-1s': a duration must not be negative"),
        Arguments.of(
            new String[] {"ws://127.0.0.1:9/x", "--linger", "-5ms"},
            "invalid duration '-5ms': a duration must not be negative"),
        Arguments.of(
            new String[] {"party", "--host", "h.example", "--room", ""},
            "--room must not be empty but was \"\""),
        Arguments.of(
            new String[] {"party", "--host", " ", "--room", "r"},
            "--host must not be empty but was \" \""),
        Arguments.of(
            new String[] {"party", "--room", "r"}, "Missing required option: '--host=HOST'"),
        Arguments.of(
            new String[] {"party", "--host", "h.example", "--room", "r", "--query", "novalue"},
            "--query must be NAME=VALUE"),
        Arguments.of(
            new String[] {"party", "--host", "h.example", "--room", "r", "--path", "/x"},
            "path must not start with a slash"));
  }

  // A command line that is wrongly accepted starts a session that reads this JVM's standard input
  // and never ends. The separate thread lets the test fail instead of hanging.
  @ParameterizedTest(name = "{1}")
  @MethodSource("badCommandLines")
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void badUsageExitsTwo(String[] args, String message) {
    int code = run(args);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void demoChecksTransportBeforeServer() {
    int code = run("demo", "--transport", "nope");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--transport must be one of");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("echo server listening");
  }

  @ParameterizedTest(name = "{0} --help")
  @ValueSource(strings = {"", "party", "demo"})
  void helpExitsZero(String command) {
    int code = command.isEmpty() ? run("--help") : run(command, "--help");

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage:").contains("Exit codes");
  }
}
