package io.partysocket;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One message handed to {@code send}, and the {@link SendResult} returned for it. It is kept small
 * because every send allocates one: the completion stage is created only when a caller asks for it,
 * and the UTF-8 size of text only when a byte count is needed.
 *
 * <p>{@link #status} and {@link #holder} are guarded by the engine's lock; the outcome fields by
 * {@code this}.
 */
final class OutgoingMessage implements SendResult {

  /** A {@code String} for text, a read-only {@code ByteBuffer} for binary. */
  private final Object payload;

  /** Payload size in bytes, or -1 until {@link #bytes()} first computes it for text. */
  private volatile long bytes;

  private Status status;

  /**
   * The attempt whose connection received this message and has not confirmed the write, or {@code
   * null} while the message waits in the queue.
   */
  Object holder;

  /** Null while pending, {@link #WRITTEN} once written, else the failure. */
  private Object outcome;

  private CompletableFuture<Void> future;

  private static final Object WRITTEN = new Object();

  private OutgoingMessage(Object payload, long bytes, Status status) {
    this.payload = payload;
    this.bytes = bytes;
    this.status = status;
  }

  /** Returns a text message whose status the engine sets before returning it. */
  static OutgoingMessage text(String text) {
    return new OutgoingMessage(text, -1, null);
  }

  /** Returns a binary message of the remaining bytes of a buffer the message now owns. */
  static OutgoingMessage binary(ByteBuffer data) {
    return new OutgoingMessage(data, data.remaining(), null);
  }

  /** Returns a result for a message that was not accepted, with its stage already failed. */
  static OutgoingMessage rejected(Throwable failure) {
    OutgoingMessage message = new OutgoingMessage("", 0, Status.REJECTED);
    message.fail(failure);
    return message;
  }

  /** Sets the status once, before the message is returned to the caller. */
  void status(Status value) {
    this.status = value;
  }

  @Override
  public Status status() {
    return status;
  }

  boolean isText() {
    return payload instanceof String;
  }

  String text() {
    return (String) payload;
  }

  /** Returns a view of the binary payload positioned at its start. */
  ByteBuffer binary() {
    return ((ByteBuffer) payload).duplicate();
  }

  /** Returns the payload size: UTF-8 bytes of text, computed once, or the binary length. */
  long bytes() {
    long size = bytes;
    if (size < 0) {
      size = utf8Length((String) payload);
      bytes = size;
    }
    return size;
  }

  @Override
  public synchronized CompletionStage<Void> written() {
    if (future == null) {
      future = new CompletableFuture<>();
      settle();
    }
    return future.minimalCompletionStage();
  }

  /** Marks the message written; later calls of either method have no effect. */
  synchronized void complete() {
    if (outcome == null) {
      outcome = WRITTEN;
      settle();
    }
  }

  /** Marks the message as never to be written; later calls of either method have no effect. */
  synchronized void fail(Throwable cause) {
    if (outcome == null) {
      outcome = cause;
      settle();
    }
  }

  Message toMessage() {
    return isText() ? Message.text(text()) : Message.binary(binary());
  }

  private void settle() {
    if (future == null || outcome == null) {
      return;
    }
    if (outcome == WRITTEN) {
      future.complete(null);
    } else {
      future.completeExceptionally((Throwable) outcome);
    }
  }

  /** Returns the number of bytes {@code text} takes in UTF-8, without encoding it. */
  static long utf8Length(String text) {
    long length = 0;
    int count = text.length();
    for (int i = 0; i < count; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < count
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        // A lone surrogate is encoded as '?' by String.getBytes, one byte; others take three.
        length += Character.isSurrogate(c) ? 1 : 3;
      }
    }
    return length;
  }

  /** Describes the message by kind and status, never by content. */
  @Override
  public String toString() {
    return "SendResult[" + status + ", " + (isText() ? "text" : "binary") + "]";
  }
}
