package io.partysocket;

import io.partysocket.spi.ConnectRequest;
import java.net.URI;
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
 * <p>A provider that throws, returns a failed stage, or yields a name that is not an HTTP token or
 * that repeats makes that attempt fail with an error event. The socket then retries with the usual
 * backoff, because a supplier may yield a valid list on the next attempt.
 */
@FunctionalInterface
public interface ProtocolsProvider {

  /** A provider that offers no subprotocol. */
  ProtocolsProvider NONE = () -> CompletableFuture.completedFuture(List.of());

  /** Returns the subprotocols for the next attempt, or a stage of {@code null} for none. */
  CompletionStage<List<String>> resolve();

  /**
   * Returns a provider of fixed subprotocols, in order of preference, checked now.
   *
   * @throws NullPointerException if {@code protocols} or one of its elements is null
   * @throws IllegalArgumentException if a name is not a non-empty HTTP token or a name repeats
   */
  static ProtocolsProvider of(String... protocols) {
    Objects.requireNonNull(protocols, "protocols");
    return of(Arrays.asList(protocols));
  }

  /**
   * Returns a provider of a fixed list of subprotocols, in order of preference, checked now.
   *
   * @throws NullPointerException if {@code protocols} or one of its elements is null
   * @throws IllegalArgumentException if a name is not a non-empty HTTP token or a name repeats
   */
  static ProtocolsProvider of(List<String> protocols) {
    Objects.requireNonNull(protocols, "protocols");
    for (int i = 0; i < protocols.size(); i++) {
      Objects.requireNonNull(protocols.get(i), "protocols[" + i + "]");
    }
    List<String> fixed = List.copyOf(protocols);
    // The connect request applies the same rules on every attempt. Checking now fails fast.
    ConnectRequest.builder(URI.create("ws://localhost")).subprotocols(fixed);
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
