package io.partysocket.benchmarks.transport;

import io.partysocket.spi.WebSocketFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Finds the transports on the class path by name, as the core's {@code transportName} option does,
 * and creates a new factory for each run, so no two benchmarks share pools or connections.
 */
public final class Transports {

  /**
   * The transports this module depends on, by falling priority, which is the order the results list
   * them in. The {@code transport} parameters of the JMH benchmarks repeat this list, because an
   * annotation needs a constant.
   */
  public static final List<String> NAMES = List.of("netty", "jetty", "okhttp", "jdk", "tyrus");

  private Transports() {}

  /**
   * Returns a new factory of the transport called {@code name}, created with its no-argument
   * constructor.
   *
   * @throws IllegalArgumentException if no transport on the class path has that name
   */
  public static WebSocketFactory create(String name) {
    Objects.requireNonNull(name, "name");
    List<String> found = new ArrayList<>();
    for (ServiceLoader.Provider<WebSocketFactory> provider :
        ServiceLoader.load(WebSocketFactory.class).stream().toList()) {
      WebSocketFactory factory = provider.get();
      if (factory.name().equals(name)) {
        return factory;
      }
      found.add(factory.name());
      factory.close();
    }
    throw new IllegalArgumentException(
        "transport must be one on the class path " + found + " but was \"" + name + "\"");
  }

  /**
   * Returns the names from a comma-separated list, or {@link #NAMES} for {@code "all"}.
   *
   * @throws IllegalArgumentException if the list is empty
   */
  public static List<String> parse(String list) {
    Objects.requireNonNull(list, "list");
    if (list.equals("all")) {
      return NAMES;
    }
    List<String> names = new ArrayList<>();
    for (String name : list.split(",")) {
      if (!name.isBlank()) {
        names.add(name.strip());
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException(
          "transports must name at least one transport, or \"all\", but was \"" + list + "\"");
    }
    return names;
  }
}
