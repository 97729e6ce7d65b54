package io.partysocket.tck.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One WebSocket frame as defined by RFC 6455 section 5.2, with its payload already unmasked.
 * Immutable, except that {@link #payload()} returns the array itself.
 *
 * @param fin whether this is the last frame of a message
 * @param rsv the three reserved bits, as a number from 0 to 7 (RSV1 is 4)
 * @param opcode the four-bit opcode, see the {@code OP_} constants
 * @param masked whether the frame carried a masking key on the wire
 * @param payload the unmasked payload
 */
public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

  /** Continuation frame of a fragmented message. */
  public static final int OP_CONTINUATION = 0x0;

  /** First frame of a text message. */
  public static final int OP_TEXT = 0x1;

  /** First frame of a binary message. */
  public static final int OP_BINARY = 0x2;

  /** Close control frame. */
  public static final int OP_CLOSE = 0x8;

  /** Ping control frame. */
  public static final int OP_PING = 0x9;

  /** Pong control frame. */
  public static final int OP_PONG = 0xA;

  /** The largest payload of a control frame. */
  public static final int MAX_CONTROL_PAYLOAD = 125;

  /** Returns whether the opcode is a control opcode (close, ping, pong, or reserved 0xB-0xF). */
  public static boolean isControl(int opcode) {
    return (opcode & 0x8) != 0;
  }

  /** Returns whether this frame is a control frame. */
  public boolean isControl() {
    return isControl(opcode);
  }

  /**
   * Returns the status code of a close frame's payload, or 1005 when the payload is empty.
   *
   * @throws IllegalStateException if this is not a close frame
   */
  public int closeCode() {
    requireClose();
    if (payload.length < 2) {
      return 1005;
    }
    return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
  }

  /**
   * Returns the reason of a close frame's payload, decoded leniently, or an empty string.
   *
   * @throws IllegalStateException if this is not a close frame
   */
  public String closeReason() {
    requireClose();
    if (payload.length <= 2) {
      return "";
    }
    return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
  }

  /** Returns the payload of a close frame carrying {@code code} and {@code reason}. */
  public static byte[] closePayload(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    return payload;
  }

  private void requireClose() {
    if (opcode != OP_CLOSE) {
      throw new IllegalStateException("frame is not a close frame but has opcode " + opcode);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Frame frame
        && fin == frame.fin
        && rsv == frame.rsv
        && opcode == frame.opcode
        && masked == frame.masked
        && Arrays.equals(payload, frame.payload);
  }

  @Override
  public int hashCode() {
    return ((opcode * 31 + rsv) * 31 + (fin ? 1 : 0)) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Frame[opcode="
        + opcode
        + ", fin="
        + fin
        + ", rsv="
        + rsv
        + ", masked="
        + masked
        + ", length="
        + payload.length
        + "]";
  }
}
