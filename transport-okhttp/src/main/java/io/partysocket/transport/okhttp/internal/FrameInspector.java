package io.partysocket.transport.okhttp.internal;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.support.MessageRejectedException;
import java.io.IOException;
import java.util.Objects;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/**
 * Reads along with OkHttp on an upgraded connection and checks the frames it reads for what OkHttp
 * does not: the inbound message size limit and strict UTF-8 in text messages. OkHttp 5.5.1 buffers
 * every message whole, with no limit, and decodes text with U+FFFD in place of invalid bytes, so
 * neither problem can be seen in the messages it delivers.
 *
 * <p>The inspector parses the server's frames from the bytes as they pass (server frames are not
 * masked). The limit is checked on each frame header, before the payload is buffered; text payloads
 * are checked with {@link Utf8Validator} as they arrive. Messages compressed with
 * permessage-deflate are counted but not checked, because only their inflated form shows their size
 * and their characters. The receiver checks their size once OkHttp delivered them.
 *
 * <p>A rejected message is reported to {@link Rejections} with its index among the inbound data
 * messages, so that the receiver still delivers the messages before it. From the next read on, the
 * inspector passes nothing more to OkHttp: it reads and drops the peer's bytes until the peer's
 * close frame has arrived, then reports the end of the stream. OkHttp then fails the connection
 * with an {@link java.io.EOFException}, which closes the socket; the rest of an oversized message
 * is never buffered.
 *
 * <p>A frame that breaks RFC 6455 (a masked frame, a reserved opcode or bit) ends the inspection;
 * OkHttp fails the connection on that frame itself.
 *
 * <p>Not thread-safe: OkHttp's reader thread calls {@link #read} and the receiver calls {@link
 * #discardRest} on the same thread. Only {@link #peerCloseSeen()} may be read from other threads.
 */
final class FrameInspector extends ForwardingSource {

  /** Receives the rejection of an inbound message, on the reader thread. */
  interface Rejections {
    /**
     * Handles a message that must not be delivered.
     *
     * @param messageIndex the index of the message among the inbound data messages, from 0; it and
     *     every later message are dropped
     * @param rejection the close code and reason to send
     */
    void rejected(long messageIndex, MessageRejectedException rejection);
  }

  private static final int OPCODE_CONTINUATION = 0x0;
  private static final int OPCODE_TEXT = 0x1;
  private static final int OPCODE_BINARY = 0x2;
  private static final int OPCODE_CLOSE = 0x8;
  private static final int OPCODE_PING = 0x9;
  private static final int OPCODE_PONG = 0xA;

  /** The largest control frame payload RFC 6455 allows. */
  private static final int MAX_CONTROL_PAYLOAD = 125;

  /** The bytes read from the socket at a time while discarding. */
  private static final long DISCARD_READ_SIZE = 8192;

  private final long maxMessageBytes;
  private final Rejections rejections;
  private final Utf8Validator utf8 = new Utf8Validator();

  /** The header of the frame being parsed: at most 2 + 8 length bytes + 4 mask bytes. */
  private final byte[] header = new byte[14];

  private final Buffer discarded = new Buffer();
  private int headerLength;
  private int headerSize = 2;

  /** Whether the bytes being scanned belong to a frame's payload rather than its header. */
  private boolean inPayload;

  private long payloadLeft;
  private int opcode;
  private boolean finalFrame;
  private boolean messageOpen;
  private boolean messageText;
  private boolean messageCompressed;
  private long messageBytes;

  /** Data messages whose last frame has been scanned. */
  private long completedMessages;

  /** Whether a message was rejected; later messages are not checked. */
  private boolean rejected;

  /** Whether later reads drop the peer's bytes instead of passing them to OkHttp. */
  private boolean discarding;

  /** Whether the stream broke RFC 6455 and the inspection stopped. */
  private boolean lost;

  /** Written by the reader thread, read by the thread that reports the end. */
  private volatile boolean peerCloseSeen;

  /**
   * Creates an inspector over the upgraded connection's input.
   *
   * @param delegate the socket's source
   * @param maxMessageBytes the largest inbound message payload accepted, in bytes
   * @param rejections receives rejected messages
   */
  FrameInspector(Source delegate, long maxMessageBytes, Rejections rejections) {
    super(delegate);
    this.maxMessageBytes = maxMessageBytes;
    this.rejections = Objects.requireNonNull(rejections, "rejections");
  }

  /** Returns whether the peer's close frame has been read completely. */
  boolean peerCloseSeen() {
    return peerCloseSeen;
  }

  /**
   * Stops passing input to OkHttp after this read: for a message the receiver rejected after OkHttp
   * delivered it.
   */
  void discardRest() {
    rejected = true;
    discarding = true;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (discarding) {
      return discardUntilPeerClose();
    }
    long start = sink.size();
    long count = super.read(sink, byteCount);
    if (count > 0) {
      scan(sink, start, count);
    }
    return count;
  }

  /**
   * Reads and drops the peer's bytes until its close frame or the end of the stream, then reports
   * the end of the stream.
   */
  private long discardUntilPeerClose() throws IOException {
    while (!peerCloseSeen && !lost) {
      discarded.clear();
      long count = delegate().read(discarded, DISCARD_READ_SIZE);
      if (count == -1) {
        break;
      }
      scan(discarded, 0, count);
    }
    discarded.clear();
    return -1;
  }

  private void scan(Buffer buffer, long offset, long count) {
    long end = offset + count;
    try (Buffer.UnsafeCursor cursor = buffer.readUnsafe()) {
      long position = offset;
      while (position < end && !lost) {
        cursor.seek(position);
        int to = (int) Math.min(cursor.end, cursor.start + (end - position));
        scan(cursor.data, cursor.start, to);
        position += to - cursor.start;
      }
    }
  }

  private void scan(byte[] data, int from, int to) {
    int i = from;
    while (i < to && !lost) {
      if (!inPayload) {
        header[headerLength++] = data[i++];
        if (headerLength == 2) {
          headerSize = headerSize(header[1]);
        }
        if (headerLength == headerSize) {
          startFrame();
        }
        continue;
      }
      int length = (int) Math.min(payloadLeft, to - i);
      payload(data, i, i + length);
      i += length;
      payloadLeft -= length;
      if (payloadLeft == 0) {
        endFrame();
      }
    }
  }

  private static int headerSize(byte secondByte) {
    int size = 2;
    int length = secondByte & 0x7F;
    if (length == 126) {
      size += 2;
    } else if (length == 127) {
      size += 8;
    }
    if ((secondByte & 0x80) != 0) {
      size += 4;
    }
    return size;
  }

  private void startFrame() {
    int first = header[0] & 0xFF;
    int second = header[1] & 0xFF;
    headerLength = 0;
    headerSize = 2;
    opcode = first & 0x0F;
    finalFrame = (first & 0x80) != 0;
    long length = payloadLength(second);
    boolean masked = (second & 0x80) != 0;
    boolean reservedBits = (first & 0x30) != 0;
    if (masked || reservedBits || length < 0 || !startMessagePart(length, (first & 0x40) != 0)) {
      lost = true;
      return;
    }
    payloadLeft = length;
    inPayload = true;
    if (length == 0) {
      endFrame();
    }
  }

  private long payloadLength(int second) {
    int length = second & 0x7F;
    if (length < 126) {
      return length;
    }
    int bytes = length == 126 ? 2 : 8;
    long value = 0;
    for (int i = 0; i < bytes; i++) {
      value = (value << 8) | (header[2 + i] & 0xFF);
    }
    return value;
  }

  /** Updates the message state for a new frame; returns false if the frame breaks RFC 6455. */
  private boolean startMessagePart(long length, boolean compressed) {
    switch (opcode) {
      case OPCODE_CLOSE:
      case OPCODE_PING:
      case OPCODE_PONG:
        return finalFrame && length <= MAX_CONTROL_PAYLOAD && !compressed;
      case OPCODE_TEXT:
      case OPCODE_BINARY:
        if (messageOpen) {
          return false;
        }
        messageOpen = true;
        messageText = opcode == OPCODE_TEXT;
        messageCompressed = compressed;
        messageBytes = 0;
        utf8.reset();
        countMessageBytes(length);
        return true;
      case OPCODE_CONTINUATION:
        if (!messageOpen || compressed) {
          return false;
        }
        countMessageBytes(length);
        return true;
      default:
        return false;
    }
  }

  private boolean dataFrame() {
    return opcode == OPCODE_TEXT || opcode == OPCODE_BINARY || opcode == OPCODE_CONTINUATION;
  }

  private void countMessageBytes(long length) {
    messageBytes = length > Long.MAX_VALUE - messageBytes ? Long.MAX_VALUE : messageBytes + length;
    if (!rejected && !messageCompressed && messageBytes > maxMessageBytes) {
      reject(
          new MessageRejectedException(
              CloseCodes.MESSAGE_TOO_BIG,
              "Message too big",
              "Inbound message of at least "
                  + messageBytes
                  + " bytes exceeds the limit of "
                  + maxMessageBytes
                  + " bytes"));
    }
  }

  private void payload(byte[] data, int from, int to) {
    boolean checked = dataFrame() && messageText && !messageCompressed && !rejected;
    if (checked && !utf8.accept(data, from, to)) {
      rejectInvalidUtf8();
    }
  }

  private void endFrame() {
    inPayload = false;
    if (opcode == OPCODE_CLOSE) {
      peerCloseSeen = true;
      return;
    }
    if (!dataFrame() || !finalFrame) {
      return;
    }
    if (messageText && !messageCompressed && !rejected && !utf8.atBoundary()) {
      rejectInvalidUtf8();
    }
    messageOpen = false;
    completedMessages++;
  }

  private void rejectInvalidUtf8() {
    reject(
        new MessageRejectedException(
            CloseCodes.INVALID_PAYLOAD,
            "Invalid UTF-8",
            "Inbound text message is not valid UTF-8"));
  }

  private void reject(MessageRejectedException rejection) {
    rejected = true;
    discarding = true;
    rejections.rejected(completedMessages, rejection);
  }
}
