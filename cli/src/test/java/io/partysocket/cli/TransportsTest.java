package io.partysocket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.tck.server.ScriptedServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each name that {@code --transport} lists loads and carries an echo from a loopback server. */
class TransportsTest {

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

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk", "netty", "okhttp", "jetty", "tyrus"})
  void transportEchoes(String transport) throws Exception {
    try (CliProcess cli =
        CliProcess.start(server.uri("/" + transport).toString(), "--transport", transport)) {
      cli.awaitStderr(line -> line.endsWith(" open"), WAIT);
      cli.send("through " + transport);

      cli.awaitStdout(line -> line.equals("through " + transport), WAIT);
      cli.endInput();
      assertThat(cli.awaitExit(WAIT)).isZero();
    }
  }
}
