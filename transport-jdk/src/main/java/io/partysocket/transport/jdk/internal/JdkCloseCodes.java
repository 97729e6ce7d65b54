package io.partysocket.transport.jdk.internal;

import io.partysocket.spi.CloseCodes;

/**
 * Close codes that Java's WebSocket client lets an application send. Its {@code sendClose} rejects
 * 1002, 1003, 1007, 1009, 1010, 1012, 1013 and 1014 (checked in OpenJDK 17's {@code
 * jdk.internal.net.http.websocket.StatusCodes}), although RFC 6455 allows a client to send them.
 * Stateless.
 */
final class JdkCloseCodes {

  private JdkCloseCodes() {}

  /**
   * Returns the code to put on the wire for {@code code}: the code itself when the JDK accepts it,
   * {@link CloseCodes#POLICY_VIOLATION} (1008) for the codes that reject the peer's data (RFC 6455
   * names 1008 the generic code when 1003 or 1009 does not fit), and {@link CloseCodes#GOING_AWAY}
   * (1001) for 1012 to 1014, which describe a server going away.
   */
  static int wireCode(int code) {
    switch (code) {
      case CloseCodes.PROTOCOL_ERROR:
      case CloseCodes.UNSUPPORTED_DATA:
      case CloseCodes.INVALID_PAYLOAD:
      case CloseCodes.MESSAGE_TOO_BIG:
      case CloseCodes.MANDATORY_EXTENSION:
        return CloseCodes.POLICY_VIOLATION;
      case CloseCodes.SERVICE_RESTART:
      case CloseCodes.TRY_AGAIN_LATER:
      case 1014:
        return CloseCodes.GOING_AWAY;
      default:
        return code;
    }
  }
}
