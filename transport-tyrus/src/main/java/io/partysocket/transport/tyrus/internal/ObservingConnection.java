package io.partysocket.transport.tyrus.internal;

import jakarta.websocket.CloseReason;
import java.util.Objects;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * The Tyrus connection of an upgraded socket, with its input read by a {@link FrameReader}. The
 * Grizzly container calls {@link #close} when the TCP connection ended, which is reported to the
 * {@link TyrusConnection} before Tyrus reacts to it. Thread-safe.
 */
final class ObservingConnection implements Connection {

  private final Connection delegate;
  private final TyrusConnection connection;
  private final FrameReader reader;

  ObservingConnection(Connection delegate, TyrusConnection connection, long maxMessageBytes) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.reader = new FrameReader(delegate.getReadHandler(), connection, maxMessageBytes);
  }

  @Override
  public ReadHandler getReadHandler() {
    return reader;
  }

  @Override
  public Writer getWriter() {
    return delegate.getWriter();
  }

  @Override
  public CloseListener getCloseListener() {
    return delegate.getCloseListener();
  }

  @Override
  public void close(CloseReason reason) {
    connection.tcpEnded();
    delegate.close(reason);
  }
}
