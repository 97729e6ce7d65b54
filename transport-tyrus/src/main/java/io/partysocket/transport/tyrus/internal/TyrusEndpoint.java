package io.partysocket.transport.tyrus.internal;

import io.partysocket.spi.support.ConnectionEvents;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The Jakarta endpoint of one connection: forwards Tyrus's life-cycle calls to its {@link
 * TyrusConnection}. Tyrus calls {@code onOpen} on a Grizzly thread before its connect future
 * completes, and {@code onClose} on whatever thread closed (the caller's, for a local close).
 * Thread-safe.
 */
final class TyrusEndpoint extends Endpoint {

  private static final System.Logger LOG = System.getLogger(TyrusEndpoint.class.getName());

  private final TyrusConnection connection;

  TyrusEndpoint(TyrusConnection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /**
   * Registers handlers that pass whole messages and pongs to {@code events}. Tyrus calls them on
   * the thread that reads the socket, one at a time.
   */
  static void addHandlers(Session session, ConnectionEvents events) {
    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) events::text);
    session.addMessageHandler(
        ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> events.binary(copyOf(data)));
    session.addMessageHandler(
        PongMessage.class,
        (MessageHandler.Whole<PongMessage>) pong -> events.pong(copyOf(pong.getApplicationData())));
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    connection.opened(session);
  }

  @Override
  public void onClose(Session session, CloseReason closeReason) {
    connection.tyrusClosed(closeReason);
  }

  @Override
  public void onError(Session session, Throwable thr) {
    LOG.log(Level.DEBUG, "Tyrus reported an error on " + connection, thr);
  }

  private static ByteBuffer copyOf(ByteBuffer data) {
    return ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
  }
}
