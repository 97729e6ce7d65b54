package io.partysocket.transport.jetty;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.spi.support.ConnectFailures;
import io.partysocket.transport.jetty.internal.EventThreads;
import io.partysocket.transport.jetty.internal.JettyClients;
import io.partysocket.transport.jetty.internal.JettyConnection;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The {@code "jetty"} transport: WebSocket connections over the Jetty 12 {@link WebSocketClient}
 * (Jetty API).
 *
 * <p><b>Resources.</b> The no-argument constructor (used by {@link java.util.ServiceLoader})
 * creates nothing. The first {@link #connect connect} creates an {@link HttpClient} and a {@link
 * WebSocketClient} over it, which run on one daemon thread pool named {@code partysocket-jetty-P-N}
 * and a daemon scheduler, and a cached pool of daemon threads named {@code
 * partysocket-jetty-events-P-N} that calls the listeners and runs close timeouts. {@link #close()}
 * aborts the open connections and stops all of them.
 *
 * <p>The {@link #JettyWebSocketFactory(WebSocketClient)} constructor connects through the
 * application's client and the {@link #JettyWebSocketFactory(HttpClient)} constructor through a
 * {@link WebSocketClient} that the factory creates over the application's HTTP client. A client of
 * the application that is not started at the first connect is started then, once. The factory never
 * stops it, so the application stops it when it is done. The factory sets the limits and timeouts
 * it needs on each of its own sessions and leaves the client's defaults unchanged. The HTTP clients
 * the factory creates open a TCP connection only for a handshake that needs one, apart from a rare
 * spare in a burst of connects. An application's HTTP client keeps Jetty's connection pool, which
 * opens spare connections more often during a burst of connects.
 *
 * <p><b>TLS.</b> Jetty applies TLS settings per {@link HttpClient}. A {@code wss} request that
 * carries its own {@code SSLContext} or {@code SSLParameters} therefore gets a client pair of its
 * own, built once per distinct pair of settings (compared by identity) and cached, at most 16 of
 * them. When the cache is full, the least recently used pair is stopped once its last connection
 * has ended. These pairs share the factory's thread pool, and with an application client they copy
 * that client's TCP connect timeout. Host names are checked (endpoint identification algorithm
 * {@code HTTPS}) unless the request's {@code SSLParameters} name another algorithm.
 *
 * <p><b>Behaviour.</b> Each session gets the request's inbound size limit for text, binary and
 * frames, so an oversized message closes with 1009 (Jetty's defaults are 64 KiB), and invalid UTF-8
 * closes with 1007; Jetty puts both codes on the wire. Jetty's idle timeout (30 seconds by default)
 * does not close open connections: liveness is the heartbeat's job. Jetty replies to pings itself,
 * and they are not reported to the listener. permessage-deflate is offered only when the request
 * asks for compression. Redirects are not followed: a 3xx response fails the connect with its
 * status and headers.
 *
 * <p>Thread-safe.
 */
public final class JettyWebSocketFactory implements WebSocketFactory {

  /** The transport's name, {@value}. */
  public static final String NAME = "jetty";

  /** The transport's priority, {@value}: below Netty, above OkHttp and the JDK client. */
  public static final int PRIORITY = 40;

  private static final TransportCapabilities CAPABILITIES =
      TransportCapabilities.builder()
          .pingWithPayload(true)
          .pongEvents(true)
          .nativeHeartbeat(false)
          .compression(true)
          .writeCompletion(true)
          .perConnectionTls(false)
          .protocolCloseCodes(true)
          .threadsPerConnection(0)
          .build();

  private final WebSocketClient applicationClient;
  private final HttpClient applicationHttpClient;
  private final Object lock = new Object();

  /** Created on the first connect. Guarded by {@link #lock}. */
  private ExecutorService events;

  /** Created on the first connect. Guarded by {@link #lock}. */
  private JettyClients clients;

  /** Guarded by {@link #lock}. */
  private boolean closed;

  private final Set<JettyConnection> connections = ConcurrentHashMap.newKeySet();

  /** Creates a factory that builds its own Jetty clients on the first connect. */
  public JettyWebSocketFactory() {
    this(null, null);
  }

  /**
   * Creates a factory that connects through the application's WebSocket client and never stops it.
   * If the client is not started at the first connect, the factory starts it then.
   *
   * @param client the client to connect with
   */
  public JettyWebSocketFactory(WebSocketClient client) {
    this(Objects.requireNonNull(client, "client"), null);
  }

  /**
   * Creates a factory that connects through a {@link WebSocketClient} of its own over the
   * application's HTTP client, which it never stops. If the HTTP client is not started at the first
   * connect, the factory starts it then.
   *
   * @param httpClient the HTTP client to connect with
   */
  public JettyWebSocketFactory(HttpClient httpClient) {
    this(null, Objects.requireNonNull(httpClient, "httpClient"));
  }

  private JettyWebSocketFactory(WebSocketClient client, HttpClient httpClient) {
    this.applicationClient = client;
    this.applicationHttpClient = httpClient;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  /**
   * Returns the capabilities: pings with payload and pong events, permessage-deflate, write
   * completion, close codes 1007 and 1009 on the wire, TLS settings per client rather than per
   * connection, and no thread per connection.
   */
  @Override
  public TransportCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public CompletionStage<WebSocketConnection> connect(
      ConnectRequest request, ConnectionListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    JettyClients.Lease lease;
    JettyConnection connection;
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedStage(
            new IllegalStateException(
                "This JettyWebSocketFactory is closed; create a new factory to connect"));
      }
      startIfNeeded();
      try {
        lease = clients.acquire(request);
      } catch (Exception e) {
        ConnectFailedException failure = ConnectFailures.toConnectFailed(e, request.redactedUri());
        return CompletableFuture.failedStage(failure);
      }
      JettyClients.Lease counted = lease;
      connection =
          new JettyConnection(
              request,
              listener,
              events,
              ended -> {
                connections.remove(ended);
                counted.release();
              });
      connections.add(connection);
    }
    return connection.start(lease.client(), new JettyEndpoint(connection));
  }

  private void startIfNeeded() {
    if (events == null) {
      events = EventThreads.newPool();
      clients = new JettyClients(applicationClient, applicationHttpClient);
    }
  }

  /**
   * Aborts the open connections (each reports {@code onClosed} with 1006), fails pending connects
   * with {@code CANCELLED}, stops the Jetty clients and threads the factory created, and shuts down
   * the listener pool once the last events ran. The application's client, if one was given, keeps
   * running.
   */
  @Override
  public void close() {
    ExecutorService pool;
    JettyClients created;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      pool = events;
      created = clients;
    }
    for (JettyConnection connection : new ArrayList<>(connections)) {
      connection.shutdown();
    }
    if (created != null) {
      created.close();
    }
    if (pool != null) {
      // Tasks already queued, such as the onClosed calls above, still run.
      pool.shutdown();
    }
  }

  /** Returns the number of connections and attempts not ended yet; for tests. */
  int liveConnections() {
    return connections.size();
  }

  /** Returns the number of per-TLS-setting clients cached; for tests. */
  int tlsClientCount() {
    synchronized (lock) {
      return clients == null ? 0 : clients.tlsClientCount();
    }
  }

  /** Returns the number of dropped TLS clients waiting for their last connection; for tests. */
  int retiredClientCount() {
    synchronized (lock) {
      return clients == null ? 0 : clients.retiredClientCount();
    }
  }

  @Override
  public String toString() {
    return "JettyWebSocketFactory["
        + (applicationClient != null
            ? "application WebSocketClient"
            : applicationHttpClient != null ? "application HttpClient" : "own clients")
        + "]";
  }
}
