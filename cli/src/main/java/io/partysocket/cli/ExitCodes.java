package io.partysocket.cli;

/** The exit codes of the {@code partysocket} command. */
final class ExitCodes {

  /** The session ended normally: end of input or Ctrl-C, then a close with 1000. */
  static final int OK = 0;

  /**
   * The socket gave up: {@code --max-retries} reached, the failure policy stopped (for example HTTP
   * 401, 403 or 404), or queued messages could not be sent before exit.
   */
  static final int GAVE_UP = 1;

  /** The command line was invalid. */
  static final int USAGE = 2;

  private ExitCodes() {}
}
