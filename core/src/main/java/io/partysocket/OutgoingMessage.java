package io.partysocket;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One message handed to {@code send}, and the {@link SendResult} returned for it. The completion
 * stage is created only when a caller asks for it, so a plain {@code send} allocates one object.
 *
 * <p>The outcome fields are guarded by {@code this}; {@link #holder} is guarded by the socket's
 * lock.
 */
final class OutgoingMessage implements SendResult {

  final String text;
  final ByteBuffer binary;

  /** Payload size in bytes: UTF-8 length of text, remaining bytes of binary. */
  final long bytes;

  private final Status status;

  /**
   * The attempt whose connection received this message and has not confirmed the write, or {@code
   * null} while the message waits in the queue.
   */
  Object holder;

  private boolean done;
  private Throwable failure;
  private CompletableFuture<Void> future;
  private CompletionStage<Void> view;

  private OutgoingMessage(String text, ByteBuffer binary, long bytes, Status status) {
    this.text = text;
    this.binary = binary;
    this.bytes = bytes;
    this.status = status;
  }

  /** Returns a message of text or binary (exactly one is non-null) with its size in bytes. */
  static OutgoingMessage of(String text, ByteBuffer binary, long bytes, Status status) {
    return new OutgoingMessage(text, binary, bytes, status);
  }

  /** Returns a result for a message that was not accepted, with its stage already failed. */
  static OutgoingMessage rejected(Throwable failure) {
    OutgoingMessage message = new OutgoingMessage(null, null, 0, Status.REJECTED);
    message.fail(failure);
    return message;
  }

  @Override
  public Status status() {
    return status;
  }

  @Override
  public synchronized CompletionStage<Void> written() {
    if (view == null) {
      future = new CompletableFuture<>();
      if (done) {
        settle();
      }
      view = future.minimalCompletionStage();
    }
    return view;
  }

  /** Marks the message written; later calls of either method have no effect. */
  synchronized void complete() {
    if (!done) {
      done = true;
      settle();
    }
  }

  /** Marks the message as never to be written; later calls of either method have no effect. */
  synchronized void fail(Throwable cause) {
    if (!done) {
      done = true;
      failure = cause;
      settle();
    }
  }

  Message toMessage() {
    return text != null ? Message.text(text) : Message.binary(binary);
  }

  private void settle() {
    if (future == null) {
      return;
    }
    if (failure == null) {
      future.complete(null);
    } else {
      future.completeExceptionally(failure);
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

  @Override
  public String toString() {
    return "SendResult[" + status + ", " + bytes + " bytes]";
  }
}
