package io.partysocket.cli;

import io.partysocket.PartySocket;
import io.partysocket.PartySocketOptions;
import io.partysocket.ProtocolsProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code partysocket party}: a reconnecting session with a PartyKit room. */
@Command(
    name = "party",
    mixinStandardHelpOptions = true,
    description = {
      "Connects to a PartyKit room (host/parties/PARTY/ROOM) and keeps reconnecting, like"
          + " 'partysocket URL'.",
      "",
      "Durations take a unit: 250ms, 2s, 1.5s, 1m.",
      "",
      "Exit codes: 0 normal close with every input line sent, 1 gave up or an input line was"
          + " not sent, 2 bad usage."
    })
final class PartyCommand implements Callable<Integer> {

  @Option(
      names = "--host",
      required = true,
      paramLabel = "HOST",
      description = "The PartyKit host, e.g. my-party.user.partykit.dev or localhost:1999.")
  String host;

  @Option(names = "--room", required = true, paramLabel = "ROOM", description = "The room.")
  String room;

  @Option(names = "--party", paramLabel = "PARTY", description = "The party (default: main).")
  String party;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "The connection id sent as _pk (default: a random UUID).")
  String id;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      description = "The path before the party (default: parties).")
  String prefix;

  @Option(names = "--path", paramLabel = "PATH", description = "A path after the room.")
  String path;

  @Option(
      names = "--protocol",
      paramLabel = "SCHEME",
      description = "ws or wss (default: ws for local and private hosts, wss otherwise).")
  String protocol;

  @Option(
      names = "--query",
      paramLabel = "NAME=VALUE",
      description = "A query parameter; repeat for more.")
  List<String> query = List.of();

  @Option(
      names = "--no-name-validation",
      description = "Do not warn when --party or --room contains '/'.")
  boolean noNameValidation;

  @Spec CommandSpec spec;

  @Mixin SessionSettings session = new SessionSettings();

  @Mixin SocketSettings socket = new SocketSettings();

  private final Console console;

  PartyCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    requireNotBlank("--host", host);
    requireNotBlank("--room", room);
    if (party != null) {
      requireNotBlank("--party", party);
    }
    if (!noNameValidation) {
      warnAboutSlash("--party", party);
      warnAboutSlash("--room", room);
    }
    PartySocketOptions options =
        PartySocketOptions.builder()
            .host(host)
            .room(room)
            .party(party)
            .id(id)
            .prefix(prefix)
            .path(path)
            .protocol(protocol)
            .query(parseQuery(query))
            // The command prints its own warning above, which names its own option.
            .disableNameValidation(true)
            .protocols(ProtocolsProvider.of(socket.subprotocols))
            .socketOptions(socket.toOptions(console).build())
            .build();
    PartySocket partySocket = new PartySocket(options);
    console.state("room " + partySocket.roomUrl() + " as " + partySocket.id());
    return session.run(partySocket, console);
  }

  private void requireNotBlank(String option, String value) {
    if (value.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), option + " must not be empty but was \"" + value + "\"");
    }
  }

  private void warnAboutSlash(String option, String value) {
    if (value != null && value.indexOf('/') >= 0) {
      console.state(
          "warning: "
              + option
              + " \""
              + value
              + "\" contains \"/\"; it is sent as %2F, and a server that decodes the path may"
              + " route it elsewhere. Choose a name without \"/\", or pass --no-name-validation to"
              + " hide this warning.");
    }
  }

  private static Map<String, String> parseQuery(List<String> pairs) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : pairs) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "--query must be NAME=VALUE, as in --query token=abc, but a value had no name or no '='");
      }
      parameters.put(pair.substring(0, equals), pair.substring(equals + 1));
    }
    return parameters;
  }
}
