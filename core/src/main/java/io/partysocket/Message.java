package io.partysocket;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An outgoing message taken back from the queue by {@link
 * ReconnectingWebSocket#drainQueuedMessages()}: text or binary. Instances are immutable.
 */
public final class Message {

  private final String text;
  private final ByteBuffer binary;

  private Message(String text, ByteBuffer binary) {
    this.text = text;
    this.binary = binary;
  }

  /** Returns a text message. */
  public static Message text(String text) {
    return new Message(Objects.requireNonNull(text, "text"), null);
  }

  /** Returns a binary message made of a read-only view of the remaining bytes of {@code data}. */
  public static Message binary(ByteBuffer data) {
    return new Message(null, Objects.requireNonNull(data, "data").slice().asReadOnlyBuffer());
  }

  /** Returns whether the message is text. */
  public boolean isText() {
    return text != null;
  }

  /**
   * Returns the text.
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
   * Returns a read-only view of the bytes, positioned at their start.
   *
   * @throws IllegalStateException if the message is text
   */
  public ByteBuffer binary() {
    if (binary == null) {
      throw new IllegalStateException("message is text; call text() or check isText() first");
    }
    return binary.duplicate();
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Message)) {
      return false;
    }
    Message that = (Message) other;
    return Objects.equals(text, that.text) && Objects.equals(binary, that.binary);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, binary);
  }

  /** Describes the message by kind and size, never by content. */
  @Override
  public String toString() {
    return text != null
        ? "Message[text, " + text.length() + " chars]"
        : "Message[binary, " + binary.remaining() + " bytes]";
  }
}
