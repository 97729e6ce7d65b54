package io.partysocket.transport.okhttp.internal;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.support.ConnectionEvents;
import io.partysocket.spi.support.MessageRejectedException;
import io.partysocket.spi.support.Utf8;
import java.nio.ByteBuffer;
import java.util.Objects;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * The OkHttp listener of one {@link OkHttpConnection}: passes messages on through {@link
 * ConnectionEvents} and the end of the connection to the connection's state machine.
 *
 * <p>Messages arrive whole. A message that the {@link FrameInspector} rejected, and every message
 * after it, is dropped: the inspector reads ahead of OkHttp, so it may reject a message while
 * OkHttp still delivers the ones before it. A compressed message larger than the limit is rejected
 * here, after OkHttp inflated it, because only then is its size known.
 *
 * <p>OkHttp calls {@code onOpen}, {@code onMessage} and {@code onClosing} on the connection's
 * reader thread, which confines {@link #delivered} to it; {@code onClosed} and {@code onFailure}
 * may also come from OkHttp's writer task or from the thread that cancelled the call.
 */
final class OkHttpReceiver extends WebSocketListener {

  private final OkHttpConnection connection;
  private final ConnectionEvents events;
  private final long maxMessageBytes;

  /** Data messages OkHttp delivered so far. Reader thread only. */
  private long delivered;

  OkHttpReceiver(OkHttpConnection connection, ConnectionEvents events, long maxMessageBytes) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.events = Objects.requireNonNull(events, "events");
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    connection.opened(webSocket, response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    long index = delivered++;
    if (connection.dropsMessage(index)) {
      return;
    }
    long bytes = Utf8.encodedLength(text);
    if (bytes > maxMessageBytes) {
      connection.rejectInbound(index, tooBig(bytes));
      return;
    }
    events.text(text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    long index = delivered++;
    if (connection.dropsMessage(index)) {
      return;
    }
    if (bytes.size() > maxMessageBytes) {
      connection.rejectInbound(index, tooBig(bytes.size()));
      return;
    }
    events.binary(ByteBuffer.wrap(bytes.toByteArray()));
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    connection.peerClosing(webSocket, code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    connection.closedCleanly(code, reason);
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
    connection.failed(failure, response);
  }

  private MessageRejectedException tooBig(long bytes) {
    return new MessageRejectedException(
        CloseCodes.MESSAGE_TOO_BIG,
        "Message too big",
        "Inbound message of "
            + bytes
            + " bytes exceeds the limit of "
            + maxMessageBytes
            + " bytes");
  }
}
