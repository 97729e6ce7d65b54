package io.partysocket.transport.tyrus.internal;

import java.util.Map;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * Creates the {@link ClientManager} a factory connects through. Tyrus reads several settings from
 * the manager's property map at every connect, and that map is shared by all connects of the
 * manager; so the settings fixed here are written once, before the first connect, and every
 * per-connection value travels in the connection's own {@code ClientEndpointConfig} or in the copy
 * of the map Tyrus makes for each connection (see {@link TyrusClientContainer}). Stateless.
 */
public final class TyrusManagers {

  /**
   * The handshake timeout given to Tyrus, in milliseconds: the largest it accepts. The transport
   * enforces each request's own deadline and then releases the Tyrus thread that waits for the
   * handshake, so Tyrus's timeout never decides.
   */
  static final int TYRUS_HANDSHAKE_TIMEOUT_MILLIS = Integer.MAX_VALUE;

  private TyrusManagers() {}

  /**
   * Returns a new manager that connects through {@link TyrusClientContainer}.
   *
   * @param application the application's manager, or {@code null}. When given, the new manager uses
   *     it as its {@code WebSocketContainer} (default buffer sizes, timeouts and installed
   *     extensions) and starts from a copy of its properties, taken now; the application's manager
   *     itself is not changed.
   */
  public static ClientManager create(ClientManager application) {
    Thread thread = Thread.currentThread();
    ClassLoader saved = thread.getContextClassLoader();
    // Tyrus loads the container class by name through the context class loader.
    thread.setContextClassLoader(TyrusClientContainer.class.getClassLoader());
    try {
      String container = TyrusClientContainer.class.getName();
      ClientManager manager =
          application == null
              ? ClientManager.createClient(container)
              : ClientManager.createClient(container, application);
      Map<String, Object> properties = manager.getProperties();
      if (application != null) {
        properties.putAll(application.getProperties());
      }
      fixProperties(properties);
      return manager;
    } finally {
      thread.setContextClassLoader(saved);
    }
  }

  /**
   * Writes the settings the transport relies on: no Tyrus reconnects or Retry-After retries (the
   * core owns reconnecting), no redirects, the largest handshake timeout, and a Grizzly transport
   * per connection (see {@link TyrusClientContainer} for why).
   */
  static void fixProperties(Map<String, Object> properties) {
    properties.remove(ClientProperties.RECONNECT_HANDLER);
    properties.put(ClientProperties.RETRY_AFTER_SERVICE_UNAVAILABLE, Boolean.FALSE);
    properties.put(ClientProperties.REDIRECT_ENABLED, Boolean.FALSE);
    properties.put(ClientProperties.HANDSHAKE_TIMEOUT, TYRUS_HANDSHAKE_TIMEOUT_MILLIS);
    properties.put(ClientProperties.SHARED_CONTAINER, Boolean.FALSE);
  }
}
