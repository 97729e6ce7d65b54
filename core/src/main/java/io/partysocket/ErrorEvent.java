package io.partysocket;

import io.partysocket.spi.ConnectFailedException;
import java.util.Objects;

/**
 * An attempt failed or a connection broke. For a handshake that the server rejected, {@link
 * #cause()} is a {@link ConnectFailedException} that carries the HTTP status and headers.
 *
 * @param cause what went wrong
 */
public record ErrorEvent(Throwable cause) implements WebSocketEvent {

  /** Checks the cause; see the record description. */
  public ErrorEvent {
    Objects.requireNonNull(cause, "cause");
  }

  /** Returns the cause's message, or its class name when it has none. */
  public String message() {
    String message = cause.getMessage();
    return message != null ? message : cause.getClass().getName();
  }

  /** Returns the HTTP status of a rejected handshake, or -1 when the cause is something else. */
  public int httpStatus() {
    return cause instanceof ConnectFailedException failure ? failure.httpStatus() : -1;
  }
}
