package io.partysocket;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Supplies the query parameters of a PartyKit URL, resolved on every connection attempt (and on
 * every {@code fetch}). Entries with a {@code null} value are left out of the URL; the map's
 * iteration order is the order in the URL.
 *
 * <p>A provider that throws, returns {@code null} or returns a failed stage makes that attempt fail
 * with an error event.
 */
@FunctionalInterface
public interface QueryProvider {

  /** A provider of no parameters. */
  QueryProvider NONE = () -> CompletableFuture.completedFuture(Map.of());

  /** Returns the parameters for the next attempt. */
  CompletionStage<Map<String, String>> resolve();

  /** Returns a provider of fixed parameters, copied now in the map's iteration order. */
  static QueryProvider of(Map<String, String> parameters) {
    Objects.requireNonNull(parameters, "parameters");
    Map<String, String> copy = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    CompletionStage<Map<String, String>> value = CompletableFuture.completedFuture(copy);
    return () -> value;
  }

  /** Returns a provider that calls {@code supplier} on every attempt. */
  static QueryProvider of(Supplier<Map<String, String>> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> CompletableFuture.completedFuture(supplier.get());
  }

  /** Returns a provider that calls {@code supplier} on every attempt and waits for its stage. */
  static QueryProvider async(Supplier<? extends CompletionStage<Map<String, String>>> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> supplier.get();
  }
}
