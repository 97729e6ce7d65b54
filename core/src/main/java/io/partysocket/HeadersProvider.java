package io.partysocket;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Supplies extra handshake headers for each connection attempt, resolved on every attempt after the
 * reconnect delay, for tokens that expire. They are added to the fixed headers of the options.
 *
 * <p>A provider that throws, returns {@code null}, fails, or returns a reserved or malformed header
 * makes that attempt fail with an error event. Header values never appear in logs or messages.
 */
@FunctionalInterface
public interface HeadersProvider {

  /** A provider of no headers. */
  HeadersProvider NONE = () -> CompletableFuture.completedFuture(Map.of());

  /** Returns the headers for the next attempt, names mapped to their values. */
  CompletionStage<Map<String, List<String>>> resolve();

  /** Returns a provider that calls {@code supplier} on every attempt. */
  static HeadersProvider of(Supplier<Map<String, List<String>>> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> CompletableFuture.completedFuture(supplier.get());
  }

  /** Returns a provider that calls {@code supplier} on every attempt and waits for its stage. */
  static HeadersProvider async(
      Supplier<? extends CompletionStage<Map<String, List<String>>>> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> supplier.get();
  }
}
