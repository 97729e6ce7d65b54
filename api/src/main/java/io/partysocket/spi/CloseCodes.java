package io.partysocket.spi;

import java.nio.charset.StandardCharsets;

/** Close codes of RFC 6455 section 7.4, and the checks every transport applies before sending. */
public final class CloseCodes {

  /** 1000: the purpose of the connection was fulfilled. */
  public static final int NORMAL_CLOSURE = 1000;

  /** 1001: the endpoint is going away, such as a server shutting down. */
  public static final int GOING_AWAY = 1001;

  /** 1002: the endpoint received a frame that breaks the protocol. */
  public static final int PROTOCOL_ERROR = 1002;

  /** 1003: the endpoint received a type of data it cannot accept. */
  public static final int UNSUPPORTED_DATA = 1003;

  /** 1005: reported, never sent, when a close frame carried no code. */
  public static final int NO_STATUS_RECEIVED = 1005;

  /** 1006: reported, never sent, when the connection ended without a close frame. */
  public static final int ABNORMAL_CLOSURE = 1006;

  /** 1007: a text message was not valid UTF-8. */
  public static final int INVALID_PAYLOAD = 1007;

  /** 1008: a message broke the endpoint's policy. */
  public static final int POLICY_VIOLATION = 1008;

  /** 1009: a message was larger than the endpoint accepts. */
  public static final int MESSAGE_TOO_BIG = 1009;

  /** 1010: the server did not negotiate an extension the client requires. */
  public static final int MANDATORY_EXTENSION = 1010;

  /** 1011: the server hit an unexpected condition. */
  public static final int INTERNAL_ERROR = 1011;

  /** 1012: the server is restarting. */
  public static final int SERVICE_RESTART = 1012;

  /** 1013: the server is overloaded; try again later. */
  public static final int TRY_AGAIN_LATER = 1013;

  /** The largest close reason, in UTF-8 bytes, that fits a control frame with its code. */
  public static final int MAX_REASON_BYTES = 123;

  private CloseCodes() {}

  /**
   * Returns whether an endpoint may put {@code code} in a close frame: 1000 to 1003, 1007 to 1014,
   * and 3000 to 4999. The codes 1004, 1005, 1006 and 1015 are reserved and never sent.
   */
  public static boolean isSendable(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  /**
   * Checks that {@code code} may be sent.
   *
   * @return the code
   * @throws IllegalArgumentException naming the code when it may not be sent
   */
  public static int requireSendable(int code) {
    if (!isSendable(code)) {
      throw new IllegalArgumentException(
          "close code must be 1000-1003, 1007-1014 or 3000-4999 but was " + code);
    }
    return code;
  }

  /**
   * Checks that {@code reason} fits in a close frame.
   *
   * @param reason the reason; {@code null} counts as empty
   * @return the reason, or an empty string for {@code null}
   * @throws IllegalArgumentException when the reason is longer than 123 bytes in UTF-8
   */
  public static String requireValidReason(String reason) {
    if (reason == null) {
      return "";
    }
    int bytes = reason.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_REASON_BYTES) {
      throw new IllegalArgumentException(
          "close reason must be at most "
              + MAX_REASON_BYTES
              + " bytes in UTF-8 but was "
              + bytes
              + " bytes");
    }
    return reason;
  }
}
