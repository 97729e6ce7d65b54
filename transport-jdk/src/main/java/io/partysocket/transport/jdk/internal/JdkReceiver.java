package io.partysocket.transport.jdk.internal;

import io.partysocket.spi.support.ConnectionEvents;
import io.partysocket.spi.support.MessageAssembler;
import io.partysocket.spi.support.MessageRejectedException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The JDK listener of one {@link JdkConnection}: joins message parts, enforces the inbound size
 * limit, and passes events on under {@code request(n)} flow control.
 *
 * <p>The next message is requested only after the listener received the current one, so a slow
 * listener slows down reading instead of filling memory. Parts of one message are requested at
 * once, within the size limit. Every method copies what it keeps and returns {@code null}, which
 * lets the JDK reuse its buffers.
 *
 * <p>The JDK calls these methods one at a time, which confines {@link #assembler} to them.
 */
final class JdkReceiver implements WebSocket.Listener {

  /** Maximum depth of the cause-chain search for a UTF-8 failure. */
  private static final int MAX_CAUSE_DEPTH = 8;

  private final JdkConnection connection;
  private final ConnectionEvents events;
  private final MessageAssembler assembler;

  /** Set once a message was rejected and a close sent; inbound data is dropped from then on. */
  private volatile boolean discarding;

  JdkReceiver(JdkConnection connection, ConnectionEvents events, MessageAssembler assembler) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.events = Objects.requireNonNull(events, "events");
    this.assembler = Objects.requireNonNull(assembler, "assembler");
  }

  /**
   * Reports the open connection and requests the first message at once, on the JDK's thread as the
   * JDK's default listener does; {@link ConnectionEvents} delivers that message after {@code
   * onOpen}.
   */
  @Override
  public void onOpen(WebSocket webSocket) {
    connection.opened(webSocket);
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    if (discarding) {
      webSocket.request(1);
      return null;
    }
    String message;
    try {
      message = assembler.appendText(data, last);
    } catch (MessageRejectedException e) {
      reject(webSocket, e);
      return null;
    }
    if (message == null) {
      webSocket.request(1);
    } else {
      events.text(message);
      requestAfterDelivery(webSocket);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    if (discarding) {
      webSocket.request(1);
      return null;
    }
    ByteBuffer message;
    try {
      message = assembler.appendBinary(data, last);
    } catch (MessageRejectedException e) {
      reject(webSocket, e);
      return null;
    }
    if (message == null) {
      webSocket.request(1);
    } else {
      events.binary(message);
      requestAfterDelivery(webSocket);
    }
    return null;
  }

  /** Reports the peer's ping; the JDK has already queued the pong. */
  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    if (!discarding) {
      events.ping(copyOf(message));
    }
    requestAfterDelivery(webSocket);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    if (!discarding) {
      events.pong(copyOf(message));
    }
    requestAfterDelivery(webSocket);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    return connection.peerClosed(webSocket, statusCode, reason);
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    connection.failed(error, isInvalidUtf8(error));
  }

  private void reject(WebSocket webSocket, MessageRejectedException rejection) {
    discarding = true;
    connection.rejectInbound(rejection);
    // Keep reading, so that the peer's reply to the close frame arrives.
    webSocket.request(1);
  }

  /** Requests the next message once the listener received this one. */
  private void requestAfterDelivery(WebSocket webSocket) {
    events.run(() -> webSocket.request(1));
  }

  /**
   * Returns whether the JDK failed the connection because a text frame was not valid UTF-8. Java 17
   * reports that as a {@code ProtocolException} caused by an exception whose message is "Invalid
   * UTF-8 in frame TEXT", itself caused by a {@link CharacterCodingException}.
   */
  static boolean isInvalidUtf8(Throwable error) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (current instanceof CharacterCodingException) {
        return true;
      }
      String message = current.getMessage();
      if (message != null && message.contains("UTF-8")) {
        return true;
      }
      current = current.getCause();
    }
    return false;
  }

  private static ByteBuffer copyOf(ByteBuffer data) {
    return ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
  }
}
