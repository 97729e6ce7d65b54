package io.partysocket.spi.support;

import io.partysocket.spi.CloseCodes;

/**
 * An inbound message that the connection must not accept; the transport closes the connection with
 * {@link #closeCode()} and {@link #closeReason()}. The message text describes sizes and kinds only,
 * never the message's content. Immutable.
 */
public final class MessageRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int closeCode;
  private final String closeReason;

  /**
   * Creates the rejection.
   *
   * @param closeCode the close code to send, such as {@link CloseCodes#MESSAGE_TOO_BIG}
   * @param closeReason the close reason to send, at most 123 bytes in UTF-8
   * @param message details for logs, without message content
   * @throws IllegalArgumentException if the code may not be sent or the reason is too long
   */
  public MessageRejectedException(int closeCode, String closeReason, String message) {
    super(message);
    this.closeCode = CloseCodes.requireSendable(closeCode);
    this.closeReason = CloseCodes.requireValidReason(closeReason);
  }

  /**
   * Returns the close code to send: 1002, 1007 or 1009 for the checks of {@link MessageAssembler}.
   */
  public int closeCode() {
    return closeCode;
  }

  /** Returns the close reason to send; never {@code null}. */
  public String closeReason() {
    return closeReason;
  }
}
