package io.partysocket.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The entry point of the {@code partysocket} command. */
public final class Main {

  private Main() {}

  /** Runs the command and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command and returns its exit code: 0 normal close, 1 gave up, 2 bad usage.
   *
   * @param out where received messages and help go
   * @param err where state changes and errors go
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Console console = new Console(out, err);
    CommandLine commandLine = new CommandLine(new ConnectCommand(console), new Factory(console));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          if (exception instanceof IllegalArgumentException
              || exception instanceof IllegalStateException) {
            // Invalid values found after parsing: a URL, a header, a missing transport.
            cmd.getErr().println("partysocket: " + exception.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
          }
          throw exception;
        });
    return commandLine.execute(args);
  }

  /** Creates the commands with the shared console. */
  private static final class Factory implements CommandLine.IFactory {
    private final Console console;

    Factory(Console console) {
      this.console = console;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == ConnectCommand.class) {
        return type.cast(new ConnectCommand(console));
      }
      if (type == PartyCommand.class) {
        return type.cast(new PartyCommand(console));
      }
      if (type == DemoCommand.class) {
        return type.cast(new DemoCommand(console));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
