package io.partysocket.spi.support;

import io.partysocket.spi.CloseCodes;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Joins the parts of one inbound message (frames, or the chunks a library hands out) into a whole
 * message, enforcing a size limit and, for text received as bytes, strict UTF-8.
 *
 * <p>Each {@code append} call adds one part; the call with {@code last == true} returns the whole
 * message and makes the assembler ready for the next one. A part that would push the message past
 * {@link #maxMessageBytes()} is rejected before it is copied, with close code 1009. Invalid UTF-8
 * is rejected with close code 1007 as soon as it is seen, even in the middle of a message; UTF-8
 * sequences may be split across parts. Continuing a text message with a binary part or the other
 * way round is rejected with close code 1002. After a rejection the assembler is empty again; the
 * transport is expected to close the connection and feed no more parts.
 *
 * <p>Parts are copied; the caller may reuse its buffers once a call returns, and a buffer's
 * position is not changed. For one text message use either {@link #appendText} (characters the
 * library decoded) or {@link #appendUtf8} (raw bytes), not both.
 *
 * <p>Not thread-safe: use it from the one thread (or serialized callbacks) that receives the
 * connection's frames. Arguments must not be {@code null}.
 */
public final class MessageAssembler {

  /** The type of a message being assembled. */
  public enum Type {
    /** A text message. */
    TEXT,
    /** A binary message. */
    BINARY
  }

  /** The largest payload a Java array, and so a String or heap ByteBuffer, can hold. */
  static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private final long maxMessageBytes;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  /** Up to 3 bytes of a UTF-8 sequence that a part ended in the middle of, in write mode. */
  private final ByteBuffer carry = ByteBuffer.allocate(8);

  private final StringBuilder text = new StringBuilder();
  private final List<ByteBuffer> binaryParts = new ArrayList<>();
  private Type inProgress;
  private long size;

  /**
   * Creates an assembler.
   *
   * @param maxMessageBytes the largest message payload accepted, in bytes; values above {@code
   *     Integer.MAX_VALUE - 8} are lowered to it, because a Java array cannot be larger
   * @throws IllegalArgumentException if {@code maxMessageBytes} is less than 1
   */
  public MessageAssembler(long maxMessageBytes) {
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException(
          "maxMessageBytes must be at least 1 but was " + maxMessageBytes);
    }
    this.maxMessageBytes = Math.min(maxMessageBytes, MAX_ARRAY_BYTES);
  }

  /** Returns the largest message payload accepted, in bytes. */
  public long maxMessageBytes() {
    return maxMessageBytes;
  }

  /** Returns the type of the message being assembled, or {@code null} between messages. */
  public Type inProgress() {
    return inProgress;
  }

  /**
   * Adds a part of a text message that the library already decoded. Its size counts as its UTF-8
   * length.
   *
   * @return the whole message when {@code last} is true, otherwise {@code null}
   * @throws MessageRejectedException when the message gets too large (1009) or a binary message is
   *     in progress (1002)
   */
  public String appendText(CharSequence part, boolean last) throws MessageRejectedException {
    Objects.requireNonNull(part, "part");
    begin(Type.TEXT);
    count(Utf8.encodedLength(part));
    text.append(part);
    return last ? finishText() : null;
  }

  /**
   * Adds a part of a text message as UTF-8 bytes, checking them as they arrive.
   *
   * @return the whole message when {@code last} is true, otherwise {@code null}
   * @throws MessageRejectedException when the message gets too large (1009), the bytes are not
   *     valid UTF-8 (1007), or a binary message is in progress (1002)
   */
  public String appendUtf8(ByteBuffer part, boolean last) throws MessageRejectedException {
    Objects.requireNonNull(part, "part");
    begin(Type.TEXT);
    ByteBuffer input = part.duplicate();
    count(input.remaining());
    decode(input, last);
    return last ? finishText() : null;
  }

  /**
   * Adds a part of a binary message.
   *
   * @return the whole message, in a new buffer positioned at 0, when {@code last} is true;
   *     otherwise {@code null}
   * @throws MessageRejectedException when the message gets too large (1009) or a text message is in
   *     progress (1002)
   */
  public ByteBuffer appendBinary(ByteBuffer part, boolean last) throws MessageRejectedException {
    Objects.requireNonNull(part, "part");
    begin(Type.BINARY);
    ByteBuffer input = part.duplicate();
    count(input.remaining());
    if (input.hasRemaining()) {
      binaryParts.add(ByteBuffer.allocate(input.remaining()).put(input).flip());
    }
    return last ? finishBinary() : null;
  }

  /** Drops the message being assembled, if any. */
  public void reset() {
    inProgress = null;
    size = 0;
    text.setLength(0);
    binaryParts.clear();
    carry.clear();
    decoder.reset();
  }

  private void begin(Type type) throws MessageRejectedException {
    if (inProgress == null) {
      inProgress = type;
    } else if (inProgress != type) {
      Type previous = inProgress;
      reset();
      throw new MessageRejectedException(
          CloseCodes.PROTOCOL_ERROR,
          "Unexpected frame type",
          "A " + type + " part arrived while a " + previous + " message was in progress");
    }
  }

  private void count(long bytes) throws MessageRejectedException {
    if (size + bytes > maxMessageBytes) {
      long atLeast = size + bytes;
      reset();
      throw new MessageRejectedException(
          CloseCodes.MESSAGE_TOO_BIG,
          "Message too big",
          "Inbound message of at least "
              + atLeast
              + " bytes exceeds the limit of "
              + maxMessageBytes
              + " bytes");
    }
    size += bytes;
  }

  private void decode(ByteBuffer input, boolean last) throws MessageRejectedException {
    CharBuffer out = CharBuffer.allocate(input.remaining() + carry.position() + 2);
    while (carry.position() > 0 && input.hasRemaining()) {
      carry.put(input.get());
      carry.flip();
      check(decoder.decode(carry, out, false));
      carry.compact();
    }
    check(decoder.decode(input, out, last && carry.position() == 0));
    carry.put(input);
    if (last) {
      if (carry.position() > 0) {
        invalidUtf8();
      }
      check(decoder.flush(out));
    }
    text.append(out.flip());
  }

  private void check(CoderResult result) throws MessageRejectedException {
    if (result.isError()) {
      invalidUtf8();
    }
    if (result.isOverflow()) {
      // The output buffer has room for one char per input byte, which UTF-8 never exceeds.
      throw new IllegalStateException("UTF-8 output buffer too small; this is a bug");
    }
  }

  private void invalidUtf8() throws MessageRejectedException {
    reset();
    throw new MessageRejectedException(
        CloseCodes.INVALID_PAYLOAD, "Invalid UTF-8", "Inbound text message is not valid UTF-8");
  }

  private String finishText() {
    String message = text.toString();
    reset();
    return message;
  }

  private ByteBuffer finishBinary() {
    ByteBuffer message;
    if (binaryParts.size() == 1) {
      message = binaryParts.get(0);
    } else {
      message = ByteBuffer.allocate((int) size);
      for (ByteBuffer part : binaryParts) {
        message.put(part);
      }
      message.flip();
    }
    reset();
    return message;
  }
}
