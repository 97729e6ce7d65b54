package io.partysocket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
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
            "No usable transport named \"nosuch\""),
        Arguments.of(
            new String[] {"party", "--room", "r"}, "Missing required option: '--host=HOST'"),
        Arguments.of(
            new String[] {"party", "--host", "h.example", "--room", "r", "--query", "novalue"},
            "--query must be NAME=VALUE"),
        Arguments.of(
            new String[] {"party", "--host", "h.example", "--room", "r", "--path", "/x"},
            "path must not start with a slash"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badCommandLines")
  void badUsageExitsTwo(String[] args, String message) {
    int code = run(args);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
  }

  @ParameterizedTest(name = "{0} --help")
  @ValueSource(strings = {"", "party", "demo"})
  void helpExitsZero(String command) {
    int code = command.isEmpty() ? run("--help") : run(command, "--help");

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage:").contains("Exit codes");
  }
}
