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
import picocli.CommandLine.Option;

/** {@code partysocket party}: a reconnecting session with a PartyKit room. */
@Command(
    name = "party",
    mixinStandardHelpOptions = true,
    description = {
      "Connects to a PartyKit room (host/parties/PARTY/ROOM) and keeps reconnecting, like"
          + " 'partysocket URL'.",
      "",
      "Exit codes: 0 normal close, 1 gave up, 2 bad usage."
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

  @Mixin SessionSettings session = new SessionSettings();

  @Mixin SocketSettings socket = new SocketSettings();

  private final Console console;

  PartyCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
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
            .protocols(ProtocolsProvider.of(socket.subprotocols))
            .socketOptions(socket.toOptions(console).build())
            .build();
    PartySocket partySocket = new PartySocket(options);
    console.state("room " + partySocket.roomUrl() + " as " + partySocket.id());
    return session.run(partySocket, console);
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
