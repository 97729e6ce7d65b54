package io.partysocket.benchmarks.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} arguments of the scenario programs, checked against the names a program
 * accepts. Immutable.
 */
final class Args {

  private final Map<String, String> values;

  private Args(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses {@code --name value} pairs.
   *
   * @throws IllegalArgumentException if an argument is not such a pair or names an option not in
   *     {@code accepted}
   */
  static Args parse(String[] args, Set<String> accepted) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (!name.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "arguments must be --name value pairs but found \"" + name + "\" without a value");
      }
      String key = name.substring(2);
      if (!accepted.contains(key)) {
        throw new IllegalArgumentException(
            "option --" + key + " is unknown; the options are --" + String.join(", --", accepted));
      }
      values.put(key, args[i + 1]);
    }
    return new Args(values);
  }

  String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int integer(String name, int fallback) {
    String value = values.get(name);
    return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
  }

  List<Integer> integers(String name, String fallback) {
    List<Integer> list = new ArrayList<>();
    for (String part : text(name, fallback).split(",")) {
      list.add(Integer.parseInt(part.strip().replace("_", "")));
    }
    return list;
  }

  List<Double> decimals(String name, String fallback) {
    List<Double> list = new ArrayList<>();
    for (String part : text(name, fallback).split(",")) {
      list.add(Double.parseDouble(part.strip()));
    }
    return list;
  }

  /** Reads a duration in milliseconds. */
  Duration millis(String name, long fallback) {
    String value = values.get(name);
    return Duration.ofMillis(value == null ? fallback : Long.parseLong(value.replace("_", "")));
  }
}
