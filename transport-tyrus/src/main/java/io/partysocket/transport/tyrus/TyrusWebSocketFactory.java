package io.partysocket.transport.tyrus;

import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.transport.tyrus.internal.TyrusConnection;
import io.partysocket.transport.tyrus.internal.TyrusExecutors;
import io.partysocket.transport.tyrus.internal.TyrusManagers;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.glassfish.tyrus.client.ClientManager;

/**
 * The {@code "tyrus"} transport: WebSocket connections over the Jakarta WebSocket client API, with
 * Tyrus 2 and its Grizzly client container as the implementation.
 *
 * <p><b>Resources.</b> The no-argument constructor (used by {@link java.util.ServiceLoader})
 * creates nothing; the first {@link #connect connect} creates a Tyrus {@link ClientManager} and a
 * cached pool of daemon threads named {@code partysocket-tyrus-P-N} that runs the listener calls
 * and timers. Each connection has a Grizzly transport of its own: a selector thread and a worker
 * thread (named {@code partysocket-tyrus-worker(N)}), both daemons, which end with the connection.
 * While a handshake runs, one thread of the manager's pool ({@code tyrus-N-thread-M}) waits for it.
 * {@link #close()} aborts the open connections, fails pending connects, shuts the manager's threads
 * down and then its own pool; once their last events ran, no thread of the factory remains.
 *
 * <p><b>Why no shared Grizzly transport.</b> Tyrus can run all connections of the JVM on one shared
 * Grizzly transport ({@code ClientProperties.SHARED_CONTAINER}), which saves the two threads per
 * connection, but then it has no way to close the socket of a handshake that does not finish, so
 * every timed-out or cancelled connect would leave a socket open until the server closes it, and
 * the shared transport outlives {@code ClientManager.shutdown()} by its idle timeout (30 seconds by
 * default). This factory therefore turns the shared transport off for its connections.
 *
 * <p><b>Application manager.</b> The {@link #TyrusWebSocketFactory(ClientManager)} constructor
 * takes the application's manager. This factory then connects through a manager of its own that
 * uses the application's manager as its {@code WebSocketContainer} (its default buffer sizes,
 * timeouts and installed extensions) and starts from a copy of its properties (proxy, credentials,
 * SSL engine configurator, thread pool configuration), taken at the first connect. The transport
 * needs its own manager because it observes each connect through its own client container. The
 * application's manager is never shut down or changed, and later changes to its properties are not
 * seen. Whatever the properties contain, Tyrus's reconnect handler, Retry-After retries, redirects
 * and shared transport stay off, and an SSL engine configurator applies only to {@code wss}
 * requests without TLS settings of their own.
 *
 * <p><b>Limits of Tyrus.</b> Tyrus negotiates no extensions here, so {@link
 * ConnectRequest#compression()} is ignored. It puts 1000 on the wire for the close codes 1012 and
 * 1013 from a client, so this transport sends 1001 for them. A failed handshake's body is not
 * available. When the server closes the TCP connection during the handshake without a response,
 * Tyrus does not notice, and the connect fails with {@code HANDSHAKE_TIMEOUT} at the request's
 * deadline.
 *
 * <p>Thread-safe.
 */
public final class TyrusWebSocketFactory implements WebSocketFactory {

  /** The transport's name, {@value}. */
  public static final String NAME = "tyrus";

  /** The transport's priority, {@value}, the lowest of the bundled transports. */
  public static final int PRIORITY = 10;

  private static final TransportCapabilities CAPABILITIES =
      TransportCapabilities.builder()
          .pingWithPayload(true)
          .pongEvents(true)
          .nativeHeartbeat(false)
          .compression(false)
          .writeCompletion(true)
          .perConnectionTls(true)
          .protocolCloseCodes(true)
          .threadsPerConnection(2)
          .build();

  private final ClientManager applicationManager;
  private final Object lock = new Object();

  /** Created on the first connect. Guarded by {@link #lock}. */
  private ExecutorService executor;

  /** Created on the first connect. Guarded by {@link #lock}. */
  private ClientManager manager;

  /** Guarded by {@link #lock}. */
  private boolean closed;

  private final Set<TyrusConnection> connections = ConcurrentHashMap.newKeySet();

  /** Creates a factory that creates its own {@link ClientManager} on the first connect. */
  public TyrusWebSocketFactory() {
    this.applicationManager = null;
  }

  /**
   * Creates a factory that takes its settings from the application's manager and never shuts it
   * down; see the class description.
   *
   * @param manager the application's manager
   */
  public TyrusWebSocketFactory(ClientManager manager) {
    this.applicationManager = Objects.requireNonNull(manager, "manager");
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
   * Returns the capabilities: pings with payload and pong events, write completion, TLS settings
   * per connection, close codes 1007 and 1009 on the wire, no compression, and two threads per
   * connection (its Grizzly selector and worker).
   */
  @Override
  public TransportCapabilities capabilities() {
    return CAPABILITIES;
  }

  /** Returns whether Tyrus's client and its Grizzly container are on the class or module path. */
  @Override
  public boolean isUsable() {
    try {
      ClassLoader loader = TyrusWebSocketFactory.class.getClassLoader();
      Class.forName("org.glassfish.tyrus.client.ClientManager", false, loader);
      Class.forName(
          "org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public CompletionStage<WebSocketConnection> connect(
      ConnectRequest request, ConnectionListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    ClientManager current;
    TyrusConnection connection;
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedStage(
            new IllegalStateException(
                "This TyrusWebSocketFactory is closed; create a new factory to connect"));
      }
      startIfNeeded();
      current = manager;
      connection = new TyrusConnection(request, listener, executor, connections::remove);
      connections.add(connection);
    }
    return connection.start(current);
  }

  private void startIfNeeded() {
    if (executor == null) {
      executor = TyrusExecutors.newDaemonPool();
      manager = TyrusManagers.create(applicationManager);
    }
  }

  /**
   * Aborts the open connections (each reports {@code onClosed} with 1006), fails pending connects
   * with {@code CANCELLED}, shuts down the manager this factory created, and shuts down the thread
   * pool once their last events ran. The application's {@link ClientManager}, if one was given,
   * keeps running.
   */
  @Override
  public void close() {
    ExecutorService pool;
    ClientManager own;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      pool = executor;
      own = manager;
    }
    for (TyrusConnection connection : new ArrayList<>(connections)) {
      connection.shutdown();
    }
    if (own != null) {
      own.shutdown();
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

  /**
   * Returns the manager this factory connects through, or null before the first connect; for tests.
   */
  ClientManager clientManager() {
    synchronized (lock) {
      return manager;
    }
  }

  @Override
  public String toString() {
    return "TyrusWebSocketFactory["
        + (applicationManager == null ? "own manager" : "application manager")
        + "]";
  }
}
