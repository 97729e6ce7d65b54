package io.partysocket.cli;

import java.lang.System.Logger.Level;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a prompt end of the session: the command closes with 1000
 * without waiting for queued messages, instead of being killed mid-handshake.
 */
final class Signals {

  private static final System.Logger LOGGER = System.getLogger(Signals.class.getName());

  private Signals() {}

  /** Runs {@code action} on SIGINT and SIGTERM; where the JVM does not allow it, does nothing. */
  @SuppressWarnings("restriction")
  static void onInterrupt(Runnable action) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // Some JVMs reserve a signal; the default handling (immediate exit) then applies.
        LOGGER.log(Level.DEBUG, "Cannot handle SIG" + name, e);
      }
    }
  }
}
