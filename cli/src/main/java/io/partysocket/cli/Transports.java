package io.partysocket.cli;

import io.partysocket.spi.WebSocketFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Checks a {@code --transport} name against the transports on the class path before anything
 * starts, so that a wrong name is a usage error that lists the names this command has.
 */
final class Transports {

  /** A bound on the providers read, against a class path that lists one again and again. */
  private static final int MAX_PROVIDERS = 64;

  private Transports() {}

  /**
   * Returns the names of the usable transports on the class path, highest priority first. Creating
   * a factory opens no connection and starts no thread; each transport does that on its first
   * connect.
   */
  static List<String> names() {
    List<WebSocketFactory> found = new ArrayList<>();
    var providers = ServiceLoader.load(WebSocketFactory.class).stream().iterator();
    for (int i = 0; i < MAX_PROVIDERS && providers.hasNext(); i++) {
      WebSocketFactory factory = providers.next().get();
      if (factory.isUsable()) {
        found.add(factory);
      }
    }
    found.sort(
        Comparator.comparingInt(WebSocketFactory::priority)
            .reversed()
            .thenComparing(WebSocketFactory::name));
    return found.stream().map(WebSocketFactory::name).toList();
  }

  /**
   * Checks that {@code name} is a usable transport; a {@code null} name means the default.
   *
   * @throws IllegalArgumentException naming the option and the names that work
   */
  static void requireKnown(String name) {
    if (name == null) {
      return;
    }
    List<String> names = names();
    if (!names.contains(name.trim().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "--transport must be one of " + String.join(", ", names) + " but was \"" + name + "\"");
    }
  }
}
