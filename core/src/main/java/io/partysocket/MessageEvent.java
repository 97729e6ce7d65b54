package io.partysocket;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A message arrived: either text or binary. Instances are immutable: {@link #binary()} returns a
 * new read-only view each time, so listeners cannot disturb each other.
 */
public final class MessageEvent implements WebSocketEvent {

  private final String text;
  private final ByteBuffer binary;

  private MessageEvent(String text, ByteBuffer binary) {
    this.text = text;
    this.binary = binary;
  }

  /** Returns an event for a text message. */
  public static MessageEvent text(String text) {
    return new MessageEvent(Objects.requireNonNull(text, "text"), null);
  }

  /**
   * Returns an event for a binary message made of the remaining bytes of {@code data}, which the
   * event takes over; the caller must not change them afterwards.
   */
  public static MessageEvent binary(ByteBuffer data) {
    return new MessageEvent(null, Objects.requireNonNull(data, "data").slice().asReadOnlyBuffer());
  }

  /** Returns whether the message is text. */
  public boolean isText() {
    return text != null;
  }

  /**
   * Returns the text of a text message.
   *
   * @throws IllegalStateException if the message is binary
   */
  public String text() {
    if (text == null) {
      throw new IllegalStateException("message is binary; call binary() or check isText() first");
    }
    return text;
  }

  /**
   * Returns a read-only view of a binary message, positioned at its start.
   *
   * @throws IllegalStateException if the message is text
   */
  public ByteBuffer binary() {
    if (binary == null) {
      throw new IllegalStateException("message is text; call text() or check isText() first");
    }
    return binary.duplicate();
  }

  /**
   * Returns a copy of a binary message's bytes.
   *
   * @throws IllegalStateException if the message is text
   */
  public byte[] bytes() {
    ByteBuffer view = binary();
    byte[] copy = new byte[view.remaining()];
    view.get(copy);
    return copy;
  }

  /**
   * Returns the message as the original's {@code data}: a {@code String} or a {@code ByteBuffer}.
   */
  public Object data() {
    return text != null ? text : binary();
  }

  /** Returns the size of the message: UTF-16 characters for text, bytes for binary. */
  public int size() {
    return text != null ? text.length() : binary.remaining();
  }

  /** Describes the message by kind and size, never by content. */
  @Override
  public String toString() {
    return text != null
        ? "MessageEvent[text, " + text.length() + " chars]"
        : "MessageEvent[binary, " + binary.remaining() + " bytes]";
  }
}
