package io.partysocket.cli;

import io.partysocket.ProtocolsProvider;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.UrlProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code partysocket URL}: a reconnecting session with any WebSocket server. */
@Command(
    name = "partysocket",
    mixinStandardHelpOptions = true,
    version = "partysocket 0.1.0-SNAPSHOT",
    subcommands = {PartyCommand.class, DemoCommand.class},
    description = {
      "Connects to a WebSocket URL and keeps reconnecting. Each line of standard input is sent"
          + " (queued while disconnected); each message received is printed on standard output;"
          + " connection state goes to standard error. End of input closes with 1000 once the"
          + " queue is sent (see --drain-timeout); replies that arrive later are not printed"
          + " unless --linger keeps the connection open. Ctrl-C closes with 1000 at once.",
      "",
      "Durations take a unit: 250ms, 2s, 1.5s, 1m.",
      "",
      "Exit codes: 0 normal close with every input line sent, 1 gave up (--max-retries, the"
          + " failure policy) or an input line was not sent (rejected by the full queue, or still"
          + " queued at exit), 2 bad usage."
    })
final class ConnectCommand implements Callable<Integer> {

  // Optional for the parser, so that "partysocket demo" reaches the subcommand; call() requires it.
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "URL",
      description = "A ws:// or wss:// URL.")
  String url;

  @Spec CommandSpec spec;

  @Mixin SessionSettings session = new SessionSettings();

  @Mixin SocketSettings socket = new SocketSettings();

  private final Console console;

  ConnectCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    if (url == null) {
      throw new ParameterException(spec.commandLine(), "Missing required parameter: 'URL'");
    }
    ReconnectingWebSocket webSocket =
        new ReconnectingWebSocket(
            UrlProvider.of(url),
            ProtocolsProvider.of(socket.subprotocols),
            socket.toOptions(console).build());
    return session.run(webSocket, console);
  }
}
