package io.partysocket;

import java.util.concurrent.TimeoutException;

/**
 * The cause of a close event when the heartbeat found the connection silent: nothing arrived within
 * {@code heartbeatTimeout} of a ping, so the socket dropped the connection.
 */
public class HeartbeatTimeoutException extends TimeoutException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that gives the timeout. */
  public HeartbeatTimeoutException(String message) {
    super(message);
  }
}
