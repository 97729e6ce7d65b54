package io.partysocket.transport.jdk;

import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.transport.jdk.internal.JdkConnection;
import io.partysocket.transport.jdk.internal.JdkExecutors;
import io.partysocket.transport.jdk.internal.JdkHttpClients;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The {@code "jdk"} transport: WebSocket connections over {@link java.net.http.WebSocket}, the
 * client built into Java 11 and later, with no dependency besides the JDK.
 *
 * <p><b>Resources.</b> The no-argument constructor (used by {@link java.util.ServiceLoader})
 * creates nothing; the first {@link #connect connect} creates an {@link HttpClient} and a cached
 * pool of daemon threads named {@code partysocket-jdk-P-N} that runs the client and the listener
 * calls. {@link #close()} aborts the open connections and shuts that pool down; Java 17's {@code
 * HttpClient} has no {@code close()}, and its selector thread ends once the client is unreachable.
 * The {@link #JdkWebSocketFactory(HttpClient)} constructor uses the application's client, which
 * {@link #close()} leaves running; listener calls and close timeouts then still run on a pool the
 * factory owns.
 *
 * <p><b>TLS.</b> A JDK client applies one {@code SSLContext} and {@code SSLParameters} to all its
 * connections. A {@code wss} request that carries its own TLS settings therefore gets a separate
 * client, built once per distinct pair of settings (compared by identity) and cached, at most 16 of
 * them. With an application client, that separate client copies the application client's executor,
 * proxy, authenticator, cookie handler, connect timeout, redirect policy and HTTP version, and uses
 * the request's TLS settings. Every request without TLS settings uses the application client
 * itself. Hostname verification stays on; the JDK offers only a JVM-wide system property to turn it
 * off.
 *
 * <p><b>Limits of the JDK client.</b> It negotiates no extensions, so {@link
 * ConnectRequest#compression()} is ignored. Its {@code sendClose} rejects the codes 1002, 1003,
 * 1007, 1009, 1010, 1012, 1013 and 1014, so this transport sends 1008 in place of the first five
 * and 1001 in place of the last three, keeping the reason; an inbound message over the size limit
 * therefore closes with 1008 on the wire. It detects invalid UTF-8 itself and ends the TCP
 * connection, in Java 17 only sometimes after its 1007 close frame. In all these cases {@code
 * onClosed} reports the real code (1009, 1007 or the code passed to {@code close}).
 *
 * <p>Thread-safe.
 *
 * <p>Known limit of the JDK client: it often misses a TCP close without a close frame that follows
 * a message at once, and then reports nothing while later sends still complete (measured with Java
 * 17.0.15 and 25). Keep the socket's heartbeat on (the default) so such a connection is detected.
 */
public final class JdkWebSocketFactory implements WebSocketFactory {

  /** The transport's name, {@value}. */
  public static final String NAME = "jdk";

  /** The transport's priority, {@value}, below the transports that scale further. */
  public static final int PRIORITY = 20;

  private static final TransportCapabilities CAPABILITIES =
      TransportCapabilities.builder()
          .pingWithPayload(true)
          .pongEvents(true)
          .nativeHeartbeat(false)
          .compression(false)
          .writeCompletion(true)
          .perConnectionTls(false)
          .threadsPerConnection(0)
          .build();

  private final HttpClient applicationClient;
  private final Object lock = new Object();

  /** Created on the first connect. Guarded by {@link #lock}. */
  private ExecutorService executor;

  /** Created on the first connect. Guarded by {@link #lock}. */
  private JdkHttpClients clients;

  /** Guarded by {@link #lock}. */
  private boolean closed;

  private final Set<JdkConnection> connections = ConcurrentHashMap.newKeySet();

  /** Creates a factory that builds its own {@link HttpClient} on the first connect. */
  public JdkWebSocketFactory() {
    this.applicationClient = null;
  }

  /**
   * Creates a factory that connects through the application's client and never shuts it down.
   *
   * @param client the client to connect with
   */
  public JdkWebSocketFactory(HttpClient client) {
    this.applicationClient = Objects.requireNonNull(client, "client");
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
   * Returns the capabilities: pings with payload and pong events, write completion, no compression,
   * TLS settings per client rather than per connection, and no thread per connection.
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
    HttpClient client;
    JdkConnection connection;
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedStage(
            new IllegalStateException(
                "This JdkWebSocketFactory is closed; create a new factory to connect"));
      }
      startIfNeeded();
      client = clients.clientFor(request);
      connection = new JdkConnection(request, listener, executor, connections::remove);
      connections.add(connection);
    }
    return connection.start(client);
  }

  private void startIfNeeded() {
    if (executor == null) {
      executor = JdkExecutors.newDaemonPool();
      clients = new JdkHttpClients(applicationClient, executor);
    }
  }

  /**
   * Aborts the open connections (each reports {@code onClosed} with 1006), fails pending connects
   * with {@code CANCELLED}, and shuts down the thread pool once their last events ran. The
   * application's {@link HttpClient}, if one was given, keeps running.
   */
  @Override
  public void close() {
    ExecutorService pool;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      pool = executor;
    }
    for (JdkConnection connection : new ArrayList<>(connections)) {
      connection.shutdown();
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

  @Override
  public String toString() {
    return "JdkWebSocketFactory["
        + (applicationClient == null ? "own client" : "application client")
        + "]";
  }
}
