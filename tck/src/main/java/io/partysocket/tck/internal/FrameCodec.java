package io.partysocket.tck.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads and writes RFC 6455 frames on blocking streams. Stateless and thread-safe; callers
 * serialize access to each stream.
 */
public final class FrameCodec {

  private FrameCodec() {}

  /**
   * Writes one frame. The header and payload go out in one {@code write} call, so a frame is never
   * interleaved with another writer's bytes when the caller holds the stream's lock.
   *
   * @param maskKey four bytes to mask the payload with (a client frame), or {@code null} to send it
   *     unmasked (a server frame)
   * @throws IllegalArgumentException if {@code opcode} or {@code rsv} does not fit its bits
   */
  public static void write(
      OutputStream out, boolean fin, int rsv, int opcode, byte[] payload, byte[] maskKey)
      throws IOException {
    out.write(encode(fin, rsv, opcode, payload, maskKey));
    out.flush();
  }

  /** Returns the wire bytes of one frame; see {@link #write}. */
  public static byte[] encode(boolean fin, int rsv, int opcode, byte[] payload, byte[] maskKey) {
    Objects.requireNonNull(payload, "payload");
    if (opcode < 0 || opcode > 0xF) {
      throw new IllegalArgumentException("opcode must be 0 to 15 but was " + opcode);
    }
    if (rsv < 0 || rsv > 7) {
      throw new IllegalArgumentException("rsv must be 0 to 7 but was " + rsv);
    }
    if (maskKey != null && maskKey.length != 4) {
      throw new IllegalArgumentException("maskKey must be 4 bytes but was " + maskKey.length);
    }
    int length = payload.length;
    int lengthBytes = length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8;
    int maskBytes = maskKey == null ? 0 : 4;
    ByteBuffer frame = ByteBuffer.allocate(2 + lengthBytes + maskBytes + length);

    frame.put((byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode));
    int maskBit = maskKey == null ? 0 : 0x80;
    if (lengthBytes == 0) {
      frame.put((byte) (maskBit | length));
    } else if (lengthBytes == 2) {
      frame.put((byte) (maskBit | 126)).putShort((short) length);
    } else {
      frame.put((byte) (maskBit | 127)).putLong(length);
    }

    if (maskKey == null) {
      frame.put(payload);
    } else {
      frame.put(maskKey);
      for (int i = 0; i < length; i++) {
        frame.put((byte) (payload[i] ^ maskKey[i & 3]));
      }
    }
    return frame.array();
  }

  /**
   * Reads one frame.
   *
   * @param maxPayload the largest payload accepted; a longer frame fails before its payload is read
   * @return the frame, or {@code null} when the stream ended cleanly before the frame's first byte
   * @throws EOFException if the stream ended inside a frame
   * @throws FrameTooLargeException if the payload is longer than {@code maxPayload}
   * @throws ProtocolException if the frame breaks RFC 6455 framing rules (a control frame longer
   *     than 125 bytes or fragmented, a 64-bit length with the top bit set)
   */
  public static Frame read(InputStream in, long maxPayload) throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    int second = readByte(in);
    boolean fin = (first & 0x80) != 0;
    int rsv = (first >>> 4) & 0x7;
    int opcode = first & 0xF;
    boolean masked = (second & 0x80) != 0;
    long length = second & 0x7F;
    if (length == 126) {
      length = (readByte(in) << 8) | readByte(in);
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | readByte(in);
      }
      if (length < 0) {
        throw new ProtocolException("frame length has its most significant bit set");
      }
    }

    if (Frame.isControl(opcode) && (length > Frame.MAX_CONTROL_PAYLOAD || !fin)) {
      throw new ProtocolException(
          "control frame must be final and at most 125 bytes but had length " + length);
    }
    if (length > maxPayload) {
      throw new FrameTooLargeException(length, maxPayload, masked);
    }

    byte[] key = masked ? readFully(in, 4) : null;
    byte[] payload = readFully(in, (int) length);
    if (key != null) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= key[i & 3];
      }
    }
    return new Frame(fin, rsv, opcode, masked, payload);
  }

  /**
   * Decodes strict UTF-8.
   *
   * @throws CharacterCodingException if the bytes are not valid UTF-8
   */
  public static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
    CharBuffer chars =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes));
    return chars.toString();
  }

  private static int readByte(InputStream in) throws IOException {
    int value = in.read();
    if (value < 0) {
      throw new EOFException("stream ended inside a frame header");
    }
    return value;
  }

  private static byte[] readFully(InputStream in, int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new EOFException(
          "stream ended inside a frame: read " + bytes.length + " of " + length + " bytes");
    }
    return bytes;
  }

  /** A frame whose declared payload is longer than the reader accepts. */
  public static final class FrameTooLargeException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final long length;
    private final boolean masked;

    /** Creates the exception for a frame of {@code length} bytes against {@code limit}. */
    public FrameTooLargeException(long length, long limit, boolean masked) {
      super("frame payload of " + length + " bytes exceeds the limit of " + limit + " bytes");
      this.length = length;
      this.masked = masked;
    }

    /**
     * Returns how many bytes of the frame are still unread: the masking key, if any, and the
     * payload. Skipping them puts the stream at the next frame.
     */
    public long unreadBytes() {
      return length + (masked ? 4 : 0);
    }
  }
}
