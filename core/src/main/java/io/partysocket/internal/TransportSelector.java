package io.partysocket.internal;

import io.partysocket.spi.WebSocketFactory;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Chooses the transport of a socket: an explicit factory, else a name (from the options or the
 * system property), else the usable factory with the highest priority found by {@link
 * ServiceLoader}, ties broken by name.
 *
 * <p>Discovered factories are created once per provider class and shared by every socket of the
 * JVM, so a thousand sockets share one event loop or HTTP client. Thread-safe.
 */
public final class TransportSelector {

  private static final System.Logger LOGGER = System.getLogger(TransportSelector.class.getName());

  /** The transport artifacts, named in the error when none is found. */
  static final String ARTIFACTS =
      "io.partysocket:partysocket-transport-netty, partysocket-transport-jetty,"
          + " partysocket-transport-okhttp, partysocket-transport-jdk or"
          + " partysocket-transport-tyrus";

  private static final int MAX_PROVIDERS = 256;

  private static final Map<Class<?>, WebSocketFactory> SHARED = new ConcurrentHashMap<>();

  private TransportSelector() {}

  /**
   * Returns the factory to use.
   *
   * @param explicit a factory given by the application, or {@code null}
   * @param name a transport name from the options, or {@code null}
   * @param propertyName the system property read when {@code name} is {@code null}
   * @throws IllegalArgumentException if a name is given and no usable transport has it
   * @throws IllegalStateException if no usable transport is found at all
   */
  public static WebSocketFactory select(
      WebSocketFactory explicit, String name, String propertyName) {
    return select(explicit, name, propertyName, Thread.currentThread().getContextClassLoader());
  }

  /**
   * Returns the factory to use, discovering transports through {@code loader}; see {@link
   * #select(WebSocketFactory, String, String)}.
   */
  public static WebSocketFactory select(
      WebSocketFactory explicit, String name, String propertyName, ClassLoader loader) {
    if (explicit != null) {
      return explicit;
    }
    String wanted = name != null ? name : System.getProperty(propertyName);
    List<WebSocketFactory> found = discover(loader);
    if (wanted != null && !wanted.isBlank()) {
      String key = wanted.trim().toLowerCase(Locale.ROOT);
      for (WebSocketFactory factory : found) {
        if (factory.name().equals(key)) {
          return factory;
        }
      }
      throw new IllegalArgumentException(
          "No usable transport named \""
              + wanted
              + "\"; found: "
              + (found.isEmpty() ? "none" : names(found))
              + (name != null
                  ? ""
                  : " (the name came from the system property " + propertyName + ")"));
    }
    if (found.isEmpty()) {
      throw new IllegalStateException(
          "No WebSocket transport found. Add one of "
              + ARTIFACTS
              + " to the class path, or pass a factory with WebSocketOptions.Builder.transport().");
    }
    return found.get(0);
  }

  /**
   * Returns the usable factories that {@code loader} finds, highest priority first, ties by name.
   */
  public static List<WebSocketFactory> discover(ClassLoader loader) {
    List<WebSocketFactory> found = new ArrayList<>();
    Iterator<ServiceLoader.Provider<WebSocketFactory>> providers =
        ServiceLoader.load(WebSocketFactory.class, loader).stream().iterator();
    // The iterator goes on after a provider fails to load; the bound only guards against a loop.
    for (int i = 0; i < MAX_PROVIDERS; i++) {
      try {
        if (!providers.hasNext()) {
          break;
        }
        ServiceLoader.Provider<WebSocketFactory> provider = providers.next();
        WebSocketFactory factory = SHARED.computeIfAbsent(provider.type(), type -> provider.get());
        if (factory.isUsable()) {
          found.add(factory);
        }
      } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
        // A provider whose library is missing must not hide the others.
        LOGGER.log(Level.WARNING, "Skipping a WebSocket transport that failed to load", e);
      }
    }
    found.sort(
        Comparator.comparingInt(WebSocketFactory::priority)
            .reversed()
            .thenComparing(WebSocketFactory::name));
    return found;
  }

  private static String names(List<WebSocketFactory> factories) {
    return factories.stream().map(WebSocketFactory::name).collect(Collectors.joining(", "));
  }
}
