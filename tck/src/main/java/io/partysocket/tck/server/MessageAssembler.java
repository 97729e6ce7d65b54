package io.partysocket.tck.server;

import io.partysocket.tck.internal.Frame;
import java.io.ByteArrayOutputStream;

/** Joins the data frames of one fragmented message. Owned by one reader thread; not thread-safe. */
final class MessageAssembler {

  private final int maxBytes;
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private int opcode = -1;
  private boolean complete;

  MessageAssembler(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Adds a data frame.
   *
   * @return {@code null}, or a description of the rule the frame breaks; a description that starts
   *     with "message" means the message is too large
   */
  String add(Frame frame) {
    if (frame.opcode() == Frame.OP_CONTINUATION) {
      if (opcode == -1) {
        return "continuation frame without a message to continue";
      }
    } else {
      if (opcode != -1) {
        return "new data frame while a fragmented message is unfinished";
      }
      opcode = frame.opcode();
    }
    if ((long) buffer.size() + frame.payload().length > maxBytes) {
      return "message larger than " + maxBytes + " bytes";
    }
    buffer.writeBytes(frame.payload());
    complete = frame.fin();
    return null;
  }

  boolean complete() {
    return complete;
  }

  int opcode() {
    return opcode;
  }

  /** Returns the finished message's payload and starts over. */
  byte[] take() {
    byte[] payload = buffer.toByteArray();
    buffer = new ByteArrayOutputStream();
    opcode = -1;
    complete = false;
    return payload;
  }
}
