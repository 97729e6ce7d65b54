package io.partysocket.spi;

import java.util.Objects;

/**
 * How a connection ended.
 *
 * @param code the close code exchanged, or {@link CloseCodes#NO_STATUS_RECEIVED} (1005) when the
 *     peer's close frame had no code, or {@link CloseCodes#ABNORMAL_CLOSURE} (1006) when no close
 *     frame was received
 * @param reason the close reason, empty when there was none; never {@code null}
 * @param remote whether the peer started the close, or the connection died under us, as opposed to
 *     a close or abort started on this side
 * @param clean whether close frames were exchanged in both directions
 * @param cause what ended the connection abnormally, or {@code null}
 */
public record CloseInfo(int code, String reason, boolean remote, boolean clean, Throwable cause) {

  /** Checks the reason; see the record description. */
  public CloseInfo {
    Objects.requireNonNull(reason, "reason");
  }

  /** Returns a close that the peer started and that completed the handshake. */
  public static CloseInfo remoteClose(int code, String reason) {
    return new CloseInfo(code, reason, true, true, null);
  }

  /** Returns a close that this side started and that completed the handshake. */
  public static CloseInfo localClose(int code, String reason) {
    return new CloseInfo(code, reason, false, true, null);
  }

  /**
   * Returns an end without a completed closing handshake (code 1006).
   *
   * @param remote true when the network or the peer ended it, false for a local abort
   * @param cause what happened, or {@code null}
   */
  public static CloseInfo abnormal(boolean remote, Throwable cause) {
    String reason = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    return new CloseInfo(CloseCodes.ABNORMAL_CLOSURE, reason, remote, false, cause);
  }
}
