package io.partysocket.transport.tyrus.internal;

import io.partysocket.spi.CloseCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.glassfish.tyrus.spi.ReadHandler;

/**
 * Reads the frame headers of the inbound byte stream before Tyrus parses it, and decides which
 * bytes Tyrus gets. Tyrus itself decodes the frames (UTF-8, fragments, automatic pongs); this class
 * adds what Tyrus lacks:
 *
 * <ul>
 *   <li>the inbound size limit with close code 1009. The limit is checked against each data frame's
 *       header, so a message over the limit is rejected before any of its payload is buffered;
 *   <li>a buffer that cannot overflow. Input is handed to Tyrus in slices that end at frame
 *       boundaries, so Tyrus's buffer contains at most one frame, which fits the buffer size set by
 *       {@link TyrusEndpointConfigs#incomingBufferSize};
 *   <li>the peer's close frame as an event of its own, so that a close started on this side ends
 *       when the peer's reply arrives. Tyrus reports its own close at once and ignores the reply;
 *   <li>pings, which Tyrus replies to but does not report. A ping is reported after Tyrus took its
 *       frame, so it keeps its place among the messages.
 * </ul>
 *
 * <p>Once the connection stopped accepting input (a close in either direction, or a rejected
 * message), frames are still read, to find the peer's close frame, but no longer handed to Tyrus.
 *
 * <p>Not thread-safe: Tyrus's Grizzly container calls {@link #handle} for one connection at a time,
 * in order, which confines the parser state to those calls.
 */
final class FrameReader implements ReadHandler {

  /** The maximum frame header size: 2 bytes, 8 for the payload length and 4 for a mask. */
  static final int MAX_HEADER_BYTES = 14;

  private static final int OPCODE_CONTINUATION = 0x0;
  private static final int OPCODE_TEXT = 0x1;
  private static final int OPCODE_BINARY = 0x2;
  private static final int OPCODE_CLOSE = 0x8;
  private static final int OPCODE_PING = 0x9;
  private static final int MAX_CONTROL_PAYLOAD = 125;

  /** The connection the reader reports to and queries, on the reading thread. */
  interface Connection {
    /** Returns whether frames still go to Tyrus. */
    boolean acceptsInbound();

    /** Closes with {@code code} because an inbound message broke the size limit. */
    void rejectInbound(int code, String reason, String detail);

    /**
     * Handles the peer's close frame.
     *
     * @param parsedCode the frame's code, or -1 when it had none
     * @return whether Tyrus gets the frame
     */
    boolean peerClosed(int parsedCode, String reason);

    /** Handles a ping after Tyrus sent the pong. The buffer belongs to the callee. */
    void pingReceived(ByteBuffer payload);
  }

  private final ReadHandler tyrus;
  private final Connection connection;
  private final long maxMessageBytes;

  private final byte[] header = new byte[MAX_HEADER_BYTES];
  private int headerBytes;
  private int headerLength = 2;
  private boolean inPayload;
  private long payloadRemaining;
  private long payloadOffset;
  private int opcode;
  private boolean fin;
  private boolean masked;
  private int maskStart;
  private final byte[] control = new byte[MAX_CONTROL_PAYLOAD];
  private int controlBytes;

  /** Payload bytes of the data message in progress, counted from its frame headers. */
  private long messageBytes;

  /** Whether the bytes of the current frame go to Tyrus. */
  private boolean feedFrame = true;

  /** Set once a message was rejected; Tyrus gets nothing more. */
  private boolean rejected;

  /** Position in the current input up to which bytes were handed to Tyrus or skipped. */
  private int pending;

  FrameReader(ReadHandler tyrus, Connection connection, long maxMessageBytes) {
    this.tyrus = Objects.requireNonNull(tyrus, "tyrus");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public void handle(ByteBuffer data) {
    if (data == null || !data.hasRemaining()) {
      return;
    }
    pending = data.position();
    while (data.hasRemaining()) {
      if (inPayload) {
        readPayload(data);
      } else {
        readHeaderByte(data);
      }
      if (inPayload && payloadRemaining == 0) {
        endFrame(data);
      }
    }
    boolean feed = inPayload ? feedFrame : accepting();
    pass(data, data.position(), feed);
  }

  private boolean accepting() {
    return !rejected && connection.acceptsInbound();
  }

  private void readHeaderByte(ByteBuffer data) {
    header[headerBytes++] = data.get();
    if (headerBytes == 2) {
      masked = (header[1] & 0x80) != 0;
      maskStart = 2 + extendedLengthBytes(header[1] & 0x7f);
      headerLength = maskStart + (masked ? 4 : 0);
    }
    if (headerBytes >= 2 && headerBytes == headerLength) {
      startPayload(data);
    }
  }

  private void startPayload(ByteBuffer data) {
    fin = (header[0] & 0x80) != 0;
    opcode = header[0] & 0x0f;
    payloadRemaining = payloadLength();
    payloadOffset = 0;
    controlBytes = 0;
    headerBytes = 0;
    headerLength = 2;
    inPayload = true;
    feedFrame = accepting();
    if (opcode == OPCODE_TEXT || opcode == OPCODE_BINARY) {
      messageBytes = 0;
    }
    if (isData(opcode) && feedFrame) {
      if (messageBytes + payloadRemaining > maxMessageBytes) {
        reject(data, messageBytes + payloadRemaining);
        return;
      }
      messageBytes += payloadRemaining;
    }
  }

  /** Returns the number of bytes after the 7-bit length {@code length} that carry the length. */
  private static int extendedLengthBytes(int length) {
    if (length == 126) {
      return 2;
    }
    if (length == 127) {
      return 8;
    }
    return 0;
  }

  private long payloadLength() {
    int length = header[1] & 0x7f;
    if (length < 126) {
      return length;
    }
    long value = 0;
    for (int i = 0; i < extendedLengthBytes(length); i++) {
      value = (value << 8) | (header[2 + i] & 0xff);
    }
    // The most significant bit must be 0; a frame claiming more is over any limit.
    return value < 0 ? Long.MAX_VALUE : value;
  }

  private void reject(ByteBuffer data, long atLeast) {
    rejected = true;
    feedFrame = false;
    // The header bytes of this frame in the current input stay away from Tyrus.
    pass(data, data.position(), false);
    connection.rejectInbound(
        CloseCodes.MESSAGE_TOO_BIG,
        "Message too big",
        "Inbound message of at least "
            + atLeast
            + " bytes exceeds the limit of "
            + maxMessageBytes
            + " bytes");
  }

  private void readPayload(ByteBuffer data) {
    int count = (int) Math.min(data.remaining(), payloadRemaining);
    if (opcode >= OPCODE_CLOSE) {
      for (int i = 0; i < count; i++) {
        byte value = data.get(data.position() + i);
        if (controlBytes < MAX_CONTROL_PAYLOAD) {
          control[controlBytes++] = unmask(value, payloadOffset + i);
        }
      }
    }
    data.position(data.position() + count);
    payloadRemaining -= count;
    payloadOffset += count;
  }

  private byte unmask(byte value, long offset) {
    if (!masked) {
      return value;
    }
    return (byte) (value ^ header[maskStart + (int) (offset % 4)]);
  }

  private void endFrame(ByteBuffer data) {
    inPayload = false;
    int end = data.position();
    if (opcode == OPCODE_CLOSE) {
      boolean feed = connection.peerClosed(closeCode(), closeReason()) && !rejected;
      pass(data, end, feed);
      return;
    }
    pass(data, end, feedFrame);
    if (opcode == OPCODE_PING && feedFrame) {
      connection.pingReceived(ByteBuffer.wrap(Arrays.copyOf(control, controlBytes)));
    }
    if (isData(opcode) && fin) {
      messageBytes = 0;
    }
  }

  /** Hands the bytes from {@link #pending} to {@code end} to Tyrus, or skips them. */
  private void pass(ByteBuffer data, int end, boolean feed) {
    if (end > pending && feed) {
      ByteBuffer slice = data.duplicate();
      slice.limit(end).position(pending);
      tyrus.handle(slice);
    }
    pending = end;
  }

  private int closeCode() {
    if (controlBytes < 2) {
      return -1;
    }
    return ((control[0] & 0xff) << 8) | (control[1] & 0xff);
  }

  private String closeReason() {
    if (controlBytes <= 2) {
      return "";
    }
    return new String(control, 2, controlBytes - 2, StandardCharsets.UTF_8);
  }

  private static boolean isData(int opcode) {
    return opcode == OPCODE_CONTINUATION || opcode == OPCODE_TEXT || opcode == OPCODE_BINARY;
  }
}
