package io.partysocket.cli;

import io.partysocket.ReconnectingWebSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of an interactive session, and running one until it ends. */
final class SessionSettings {

  @Option(
      names = "--binary",
      paramLabel = "FORMAT",
      description = "How binary messages are printed: ${COMPLETION-CANDIDATES} (default: HEX).")
  Session.BinaryFormat binaryFormat = Session.BinaryFormat.HEX;

  @Option(
      names = "--drain-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "After the end of input, how long to wait for queued messages to be sent, e.g. 500ms or"
              + " 10s; messages still queued then make the exit code 1 (default: 10s).")
  Duration drainTimeout = Duration.ofSeconds(10);

  @Option(
      names = "--linger",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "After the end of input and the drain, how long to stay connected and print replies,"
              + " e.g. 2s (default: 0, close at once).")
  Duration linger = Duration.ZERO;

  /**
   * Starts {@code socket}, built with {@code startClosed}, and runs it with standard input until
   * the session ends; returns the exit code.
   */
  int run(ReconnectingWebSocket socket, Console console) throws InterruptedException {
    Session session = new Session(socket, console, binaryFormat, drainTimeout, linger);
    Signals.onInterrupt(session::signal);
    // Connect only now, so that no event of the first attempt comes before its listener.
    socket.reconnect();
    BufferedReader input =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return session.run(input);
  }
}
