package io.partysocket.spi.support;

import io.partysocket.spi.CloseCodes;

/** Close-frame rules for transports that reply to the peer's close frame themselves. Stateless. */
public final class CloseFrames {

  private CloseFrames() {}

  /**
   * Returns the code to put in the reply to a close frame that carried {@code receivedCode}: the
   * same code when an endpoint may send it, otherwise {@link CloseCodes#NORMAL_CLOSURE} (for
   * example for 1005, a close frame without a code).
   */
  public static int replyCode(int receivedCode) {
    return CloseCodes.isSendable(receivedCode) ? receivedCode : CloseCodes.NORMAL_CLOSURE;
  }

  /**
   * Returns the code to report for a received close frame, given the code a library parsed from it
   * or a negative value when the frame had no code: {@link CloseCodes#NO_STATUS_RECEIVED} (1005)
   * for no code, otherwise the code itself.
   */
  public static int reportedCode(int parsedCode) {
    return parsedCode < 0 ? CloseCodes.NO_STATUS_RECEIVED : parsedCode;
  }
}
