package io.partysocket.tck.adapters;

import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reference transport written on blocking {@code java.net} sockets and the TCK's own framing
 * code. It exists so the TCK can be checked against a transport that is known to follow the SPI,
 * and so that broken decorators have something correct to break. Each connection uses two threads.
 * The reader thread does the handshake, reads frames and makes every listener call, and the writer
 * thread writes queued frames. One timer thread per factory runs handshake and close timeouts.
 *
 * <p>Thread-safe.
 */
public final class SocketWebSocketFactory implements WebSocketFactory {

  private final Set<SocketConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger ids = new AtomicInteger();
  private final Object lock = new Object();

  // Guarded by lock.
  private ScheduledThreadPoolExecutor timer;
  private boolean closed;

  @Override
  public String name() {
    return "tck-socket";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public TransportCapabilities capabilities() {
    return TransportCapabilities.builder()
        .pingWithPayload(true)
        .pongEvents(true)
        .writeCompletion(true)
        .perConnectionTls(true)
        .protocolCloseCodes(true)
        .threadsPerConnection(2)
        .build();
  }

  @Override
  public CompletionStage<WebSocketConnection> connect(
      ConnectRequest request, ConnectionListener listener) {
    ScheduledExecutorService scheduler;
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("factory is closed; create a new one to connect"));
      }
      if (timer == null) {
        timer = new ScheduledThreadPoolExecutor(1, runnable -> daemon(runnable, "socket-ws-timer"));
        timer.setRemoveOnCancelPolicy(true);
      }
      scheduler = timer;
    }
    SocketConnection connection =
        new SocketConnection(
            request, listener, scheduler, ids.incrementAndGet(), connections::remove);
    connections.add(connection);
    return connection.start();
  }

  @Override
  public void close() {
    ScheduledThreadPoolExecutor toStop;
    synchronized (lock) {
      closed = true;
      toStop = timer;
    }
    for (SocketConnection connection : List.copyOf(connections)) {
      connection.abortForShutdown();
    }
    if (toStop != null) {
      toStop.shutdown();
    }
  }

  static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
