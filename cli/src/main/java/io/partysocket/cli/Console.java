package io.partysocket.cli;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The command's output: received messages on standard output, as they are; state changes on
 * standard error, each line with a timestamp. Thread-safe: each line is written whole.
 */
final class Console {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final PrintStream out;
  private final PrintStream err;

  Console(PrintStream out, PrintStream err) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
  }

  /** Writes a received message to standard output. */
  synchronized void message(String text) {
    out.println(text);
    out.flush();
  }

  /** Writes a state change to standard error with the local time. */
  synchronized void state(String text) {
    err.println(LocalTime.now().format(TIME) + " " + text);
    err.flush();
  }
}
