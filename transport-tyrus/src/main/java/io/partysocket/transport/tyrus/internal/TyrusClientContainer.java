package io.partysocket.transport.tyrus.internal;

import io.partysocket.spi.ConnectRequest;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.util.Map;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientProperties;
import org.glassfish.tyrus.spi.ClientContainer;
import org.glassfish.tyrus.spi.ClientEngine;

/**
 * The client container of the managers this transport creates: Tyrus's Grizzly container, with each
 * connect observed by its {@link TyrusConnection} and given its own settings.
 *
 * <p>Tyrus copies the manager's properties for every connect and passes the copy here, so the
 * per-connection settings are written into that copy, never into the manager's shared map:
 *
 * <ul>
 *   <li>{@code SSL_ENGINE_CONFIGURATOR} is removed for {@code ws} requests and for {@code wss}
 *       requests with TLS settings of their own. Grizzly applies that property whatever the scheme,
 *       which sends a TLS hello to a plain port, and it takes precedence over the request's {@code
 *       SSLContext}. An application's configurator still applies to {@code wss} requests without
 *       settings of their own;
 *   <li>{@code SHARED_CONTAINER} is false, so each connection gets its own Grizzly transport: one
 *       selector thread and, unless the application configured a worker pool, one worker thread.
 *       With the JVM-wide shared transport, Tyrus has no way to close the socket of a handshake
 *       that does not finish (its timeout handler is {@code null} there), so a timed-out or
 *       cancelled connect would leave its socket open, and an abort could only close gracefully
 *       behind queued writes. A per-connection transport is closed through the timeout handler
 *       Tyrus hands to {@link ObservingEngine}, at any stage. When the system property {@code
 *       org.glassfish.tyrus.client.sharedContainer} forces the shared transport anyway, see {@link
 *       TyrusConnection} for what degrades.
 * </ul>
 *
 * <p>Tyrus creates instances reflectively through the public no-argument constructor. Thread-safe.
 */
public final class TyrusClientContainer implements ClientContainer {

  /** The name of the worker pool of each connection's Grizzly transport. */
  static final String WORKER_POOL_NAME = "partysocket-tyrus-worker";

  private final ClientContainer grizzly = new GrizzlyClientContainer();

  /** Creates the container; Tyrus calls it once per manager. */
  public TyrusClientContainer() {}

  @Override
  public void openClientSocket(
      ClientEndpointConfig config, Map<String, Object> properties, ClientEngine engine)
      throws DeploymentException, IOException {
    Object owner =
        config == null
            ? null
            : config.getUserProperties().get(TyrusEndpointConfigs.CONNECTION_PROPERTY);
    if (!(owner instanceof TyrusConnection)) {
      grizzly.openClientSocket(config, properties, engine);
      return;
    }
    TyrusConnection connection = (TyrusConnection) owner;
    if (!connection.attemptLive()) {
      throw new DeploymentException("The connect attempt ended before its socket was opened");
    }
    applyConnectionSettings(properties, connection.request());
    grizzly.openClientSocket(config, properties, new ObservingEngine(engine, connection));
    connection.attempt().socketOpened();
  }

  /** Writes the settings of one connection into Tyrus's per-connection copy of the properties. */
  static void applyConnectionSettings(Map<String, Object> properties, ConnectRequest request) {
    boolean applicationTls =
        request.secure() && request.sslContext() == null && request.sslParameters() == null;
    if (!applicationTls) {
      properties.remove(ClientProperties.SSL_ENGINE_CONFIGURATOR);
    }
    properties.put(ClientProperties.SHARED_CONTAINER, Boolean.FALSE);
    if (!properties.containsKey(ClientProperties.WORKER_THREAD_POOL_CONFIG)
        && !properties.containsKey(GrizzlyClientProperties.WORKER_THREAD_POOL_CONFIG)) {
      properties.put(GrizzlyClientProperties.WORKER_THREAD_POOL_CONFIG, workerPool());
    }
  }

  /**
   * Returns the Grizzly worker pool of one connection: a single daemon thread. The default of
   * Tyrus's per-connection transport has two threads. One suffices, because Tyrus handles a
   * connection's reads one at a time and nothing in this transport blocks a Grizzly thread. Tyrus's
   * own {@code ThreadPoolConfig} rejects fewer than three threads, so Grizzly's is used.
   */
  private static ThreadPoolConfig workerPool() {
    return ThreadPoolConfig.defaultConfig()
        .setPoolName(WORKER_POOL_NAME)
        .setMaxPoolSize(1)
        .setCorePoolSize(1)
        .setDaemon(true);
  }
}
