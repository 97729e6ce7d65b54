package io.partysocket.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the {@code partysocket} command as a process against a scripted loopback server. */
class CommandTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private ScriptedServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private String url(String path) {
    return server.uri(path).toString();
  }

  @Test
  void inputLinesReachServerInOrder() throws Exception {
    try (CliProcess cli = CliProcess.start(url("/chat"))) {
      ServerConnection connection = server.awaitConnection(WAIT);
      cli.awaitStderr(line -> line.endsWith(" open"), WAIT);
      cli.send("first");
      cli.send("second");
      cli.send("third");
      cli.endInput();

      assertThat(cli.awaitExit(WAIT)).isZero();
      List<ServerEvent.Text> texts = connection.awaitCount(ServerEvent.Text.class, 3, WAIT);
      assertThat(texts)
          .extracting(ServerEvent.Text::text)
          .containsExactly("first", "second", "third");
      assertThat(connection.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1000);
      // The first attempt's events are reported too: the command listens before it connects.
      List<String> states =
          cli.stderr().stream()
              .filter(line -> line.endsWith(" connecting") || line.endsWith(" open"))
              .toList();
      assertThat(states).hasSize(2);
      assertThat(states.get(0)).endsWith(" connecting");
      assertThat(states.get(1)).endsWith(" open");
    }
  }

  @Test
  void serverMessagesReachStdout() throws Exception {
    try (CliProcess cli = CliProcess.start(url("/push"))) {
      ServerConnection connection = server.awaitConnection(WAIT);
      cli.awaitStderr(line -> line.endsWith(" open"), WAIT);
      connection.sendText("hello from the server");
      connection.sendBinary(new byte[] {1, 2, (byte) 0xff});

      cli.awaitStdout(line -> line.equals("hello from the server"), WAIT);
      cli.awaitStdout(line -> line.equals("0102ff"), WAIT);
      cli.endInput();
      assertThat(cli.awaitExit(WAIT)).isZero();
    }
  }

  @Test
  void binaryAsBase64() throws Exception {
    try (CliProcess cli = CliProcess.start(url("/b64"), "--binary", "base64")) {
      ServerConnection connection = server.awaitConnection(WAIT);
      cli.awaitStderr(line -> line.endsWith(" open"), WAIT);
      connection.sendBinary(new byte[] {1, 2, (byte) 0xff});

      cli.awaitStdout(line -> line.equals("AQL/"), WAIT);
      cli.endInput();
      assertThat(cli.awaitExit(WAIT)).isZero();
    }
  }

  @Test
  void survivesServerRestart() throws Exception {
    try (CliProcess cli =
        CliProcess.start(url("/restart"), "--min-delay", "100ms", "--max-delay", "300ms")) {
      server.awaitConnection(WAIT);
      cli.awaitStderr(line -> line.endsWith(" open"), WAIT);
      server.stop();
      cli.awaitStderr(line -> line.contains(" closed "), WAIT);
      cli.send("sent while down");
      server.restart();

      ServerConnection second = server.awaitConnection(WAIT);
      assertThat(second.awaitCount(ServerEvent.Text.class, 1, WAIT).get(0).text())
          .isEqualTo("sent while down");
      cli.endInput();
      assertThat(cli.awaitExit(WAIT)).isZero();
    }
  }

  @Test
  void forbiddenHandshakeExitsOne() throws Exception {
    server.setDefaultHandshake(Handshake.reject(403));
    try (CliProcess cli = CliProcess.start(url("/denied"))) {
      assertThat(cli.awaitExit(WAIT)).isEqualTo(1);
      assertThat(cli.stderr()).anyMatch(line -> line.contains("gave up"));
      assertThat(cli.stderr()).anyMatch(line -> line.contains("403"));
    }
  }

  @Test
  void maxRetriesExitsOne() throws Exception {
    String refused = url("/nobody");
    server.close();
    try (CliProcess cli = CliProcess.start(refused, "--max-retries", "2", "--min-delay", "50ms")) {
      assertThat(cli.awaitExit(WAIT)).isEqualTo(1);
      assertThat(cli.stderr()).anyMatch(line -> line.contains("gave up: --max-retries reached"));
      assertThat(cli.stderr().stream().filter(line -> line.contains(" error: ")).count())
          .as("failed attempts")
          .isEqualTo(3);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM"})
  void signalClosesNormally(String signal) throws Exception {
    assumeSignalReaches(signal);
    try (CliProcess cli = CliProcess.start(url("/interrupt"))) {
      ServerConnection connection = server.awaitConnection(WAIT);
      cli.awaitStderr(line -> line.endsWith(" open"), WAIT);

      cli.signal(signal);

      assertThat(cli.awaitExit(WAIT)).isZero();
      assertThat(connection.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1000);
    }
  }

  @Test
  void unsentQueueExitsOne() throws Exception {
    String refused = url("/nobody");
    server.close();
    try (CliProcess cli =
        CliProcess.start(
            refused, "--max-queued", "1", "--min-delay", "300ms", "--drain-timeout", "1s")) {
      cli.send("a");
      cli.send("b");
      cli.endInput();

      assertThat(cli.awaitExit(WAIT)).isEqualTo(1);
      String unsent = cli.awaitStderr(line -> line.contains("not sent"), WAIT);
      assertThat(unsent).contains("gave up after the end of input: 2 messages of 2 were not sent");
      assertThat(unsent).contains("1 still queued after the drain timeout of 1000 ms");
      assertThat(unsent).contains("1 rejected");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM"})
  void signalWithQueueExitsOnePromptly(String signal) throws Exception {
    assumeSignalReaches(signal);
    String refused = url("/nobody");
    server.close();
    try (CliProcess cli =
        CliProcess.start(refused, "--min-delay", "200ms", "--drain-timeout", "60s")) {
      cli.send("queued");
      cli.awaitStderr(line -> line.contains("retry in"), WAIT);

      cli.signal(signal);

      assertThat(cli.awaitExit(Duration.ofSeconds(10))).isEqualTo(1);
      String unsent = cli.awaitStderr(line -> line.contains("not sent"), WAIT);
      assertThat(unsent).contains(" interrupted (SIGINT or SIGTERM), closed without waiting: ");
      assertThat(unsent).contains("1 message of 1 was not sent: 1 still queued");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM"})
  void signalDuringDrainExitsPromptly(String signal) throws Exception {
    assumeSignalReaches(signal);
    String refused = url("/nobody");
    server.close();
    try (CliProcess cli =
        CliProcess.start(refused, "--min-delay", "200ms", "--drain-timeout", "60s")) {
      cli.send("queued");
      cli.endInput();
      cli.awaitStderr(line -> line.contains("retry in"), WAIT);

      cli.signal(signal);

      assertThat(cli.awaitExit(Duration.ofSeconds(10))).isEqualTo(1);
      assertThat(cli.stderr()).anyMatch(line -> line.contains("interrupted (SIGINT or SIGTERM)"));
    }
  }

  @Test
  void lingerPrintsLateReply() throws Exception {
    try (CliProcess cli = CliProcess.start(url("/linger"), "--linger", "2s")) {
      ServerConnection connection = server.awaitConnection(WAIT);
      connection.echo(false);
      cli.awaitStderr(line -> line.endsWith(" open"), WAIT);
      cli.send("hi");
      cli.endInput();
      connection.awaitCount(ServerEvent.Text.class, 1, WAIT);
      connection.sendText("late reply");

      cli.awaitStdout(line -> line.equals("late reply"), WAIT);
      assertThat(cli.awaitExit(WAIT)).isZero();
      assertThat(connection.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1000);
    }
  }

  @Test
  void giveUpAfterOneAttemptIsSingular() throws Exception {
    String refused = url("/nobody");
    server.close();
    try (CliProcess cli = CliProcess.start(refused, "--max-retries", "0")) {
      assertThat(cli.awaitExit(WAIT)).isEqualTo(1);
      assertThat(cli.stderr()).anyMatch(line -> line.contains("reached after 1 attempt"));
      assertThat(cli.stderr()).noneMatch(line -> line.contains("1 attempts"));
    }
  }

  @Test
  void slashInRoomWarnsWithOption() throws Exception {
    try (CliProcess cli =
        CliProcess.start("party", "--host", "127.0.0.1:" + server.port(), "--room", "a/b")) {
      server.awaitConnection(WAIT);
      cli.endInput();

      assertThat(cli.awaitExit(WAIT)).isZero();
      assertThat(cli.stderr())
          .anyMatch(line -> line.contains("warning: --room \"a/b\" contains \"/\""));
      assertThat(cli.stderr()).anyMatch(line -> line.contains("pass --no-name-validation"));
    }
  }

  @Test
  void noNameValidationHidesWarning() throws Exception {
    try (CliProcess cli =
        CliProcess.start(
            "party",
            "--host",
            "127.0.0.1:" + server.port(),
            "--room",
            "a/b",
            "--no-name-validation")) {
      server.awaitConnection(WAIT);
      cli.endInput();

      assertThat(cli.awaitExit(WAIT)).isZero();
      assertThat(cli.stderr()).noneMatch(line -> line.contains("contains \"/\""));
    }
  }

  @Test
  void partyCommandBuildsRoomUrl() throws Exception {
    try (CliProcess cli =
        CliProcess.start(
            "party",
            "--host",
            "127.0.0.1:" + server.port(),
            "--room",
            "my room",
            "--party",
            "chat",
            "--id",
            "me",
            "--query",
            "token=a b")) {
      ServerConnection connection = server.awaitConnection(WAIT);
      cli.endInput();

      assertThat(cli.awaitExit(WAIT)).isZero();
      assertThat(connection.path()).isEqualTo("/parties/chat/my%20room");
      assertThat(connection.query()).isEqualTo("_pk=me&token=a+b");
    }
  }

  @Test
  void headersAndSubprotocolsSent() throws Exception {
    server.setDefaultHandshake(Handshake.accept().subprotocol("chat.v1"));
    try (CliProcess cli =
        CliProcess.start(
            url("/headers"), "--header", "X-Client: cli", "--subprotocol", "chat.v1")) {
      ServerConnection connection = server.awaitConnection(WAIT);
      cli.awaitStderr(line -> line.contains("open (subprotocol chat.v1)"), WAIT);
      cli.endInput();

      assertThat(cli.awaitExit(WAIT)).isZero();
      assertThat(connection.headerValues("X-Client")).containsExactly("cli");
      assertThat(connection.offeredSubprotocols()).containsExactly("chat.v1");
    }
  }

  @Test
  void stateLinesCarryTimestamps() throws Exception {
    try (CliProcess cli = CliProcess.start(url("/time"))) {
      server.awaitConnection(WAIT);
      String open = cli.awaitStderr(line -> line.endsWith(" open"), WAIT);
      cli.endInput();
      cli.awaitExit(WAIT);

      assertThat(open).matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} open");
    }
  }

  /** Skips a Ctrl-C case where this JVM, and so the command, ignores SIGINT. */
  private static void assumeSignalReaches(String signal) throws IOException {
    assumeFalse(
        signal.equals("INT") && CliProcess.sigintIgnored(),
        "SIGINT is ignored in this environment (a background job without job control)");
  }
}
