package io.partysocket;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Supplies the subprotocols offered by each connection attempt, resolved on every attempt after the
 * reconnect delay. A {@code null} or empty list offers none.
 *
 * <p>A provider that throws or returns a failed stage makes that attempt fail with an error event.
 */
@FunctionalInterface
public interface ProtocolsProvider {

  /** A provider that offers no subprotocol. */
  ProtocolsProvider NONE = () -> CompletableFuture.completedFuture(List.of());

  /** Returns the subprotocols for the next attempt, or a stage of {@code null} for none. */
  CompletionStage<List<String>> resolve();

  /** Returns a provider of fixed subprotocols, in order of preference. */
  static ProtocolsProvider of(String... protocols) {
    Objects.requireNonNull(protocols, "protocols");
    List<String> fixed = List.copyOf(Arrays.asList(protocols));
    CompletionStage<List<String>> value = CompletableFuture.completedFuture(fixed);
    return () -> value;
  }

  /** Returns a provider of a fixed list of subprotocols, in order of preference. */
  static ProtocolsProvider of(List<String> protocols) {
    List<String> fixed = List.copyOf(Objects.requireNonNull(protocols, "protocols"));
    CompletionStage<List<String>> value = CompletableFuture.completedFuture(fixed);
    return () -> value;
  }

  /** Returns a provider that calls {@code supplier} on every attempt. */
  static ProtocolsProvider of(Supplier<List<String>> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> CompletableFuture.completedFuture(supplier.get());
  }

  /** Returns a provider that calls {@code supplier} on every attempt and waits for its stage. */
  static ProtocolsProvider async(Supplier<? extends CompletionStage<List<String>>> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> supplier.get();
  }
}
