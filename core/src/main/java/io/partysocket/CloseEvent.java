package io.partysocket;

import java.util.Objects;

/**
 * A connection, or an attempt to open one, ended.
 *
 * <p>The code is the one exchanged with the peer when there was a closing handshake; 1005 when the
 * peer's close frame had no code; 1006 when the connection dropped or the attempt failed without a
 * handshake; for {@link ReconnectingWebSocket#close(int, String) close} and {@link
 * ReconnectingWebSocket#reconnect(int, String) reconnect}, the code and reason given to them.
 *
 * @param code the close code
 * @param reason the close reason, or an empty string
 * @param wasClean whether the close completed a closing handshake, or was requested locally
 * @param remote whether the peer or the network ended the connection, rather than this side
 * @param cause what ended the connection abnormally, or {@code null}
 */
public record CloseEvent(int code, String reason, boolean wasClean, boolean remote, Throwable cause)
    implements WebSocketEvent {

  /** Checks the reason; see the record description. */
  public CloseEvent {
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return "CloseEvent[code="
        + code
        + ", reason="
        + reason
        + ", wasClean="
        + wasClean
        + ", remote="
        + remote
        + (cause == null ? "" : ", cause=" + cause.getClass().getName())
        + "]";
  }
}
