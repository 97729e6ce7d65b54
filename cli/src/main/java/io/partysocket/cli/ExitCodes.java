package io.partysocket.cli;

/** The exit codes of the {@code partysocket} command. */
final class ExitCodes {

  /**
   * The session ended normally: end of input or Ctrl-C, then a close with 1000, and every line of
   * standard input was written to a connection.
   */
  static final int OK = 0;

  /**
   * The socket gave up: {@code --max-retries} reached, the failure policy stopped (for example HTTP
   * 401, 403 or 404), or a line of standard input was not sent: rejected by the full queue, dropped
   * from it, or still queued at exit.
   */
  static final int GAVE_UP = 1;

  /** The command line was invalid. */
  static final int USAGE = 2;

  private ExitCodes() {}
}
