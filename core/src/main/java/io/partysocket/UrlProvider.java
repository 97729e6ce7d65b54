package io.partysocket;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Supplies the URL of each connection attempt. The socket calls {@link #resolve()} on every
 * attempt, after the reconnect delay, so a provider can rotate servers or put a fresh token in the
 * URL.
 *
 * <p>A provider that throws, returns {@code null}, returns a stage that fails or completes with
 * {@code null}, or yields a URL that is not {@code ws://} or {@code wss://} makes that attempt fail
 * with an error event; the socket then retries with the usual backoff.
 */
@FunctionalInterface
public interface UrlProvider {

  /** Returns the URL for the next attempt. */
  CompletionStage<String> resolve();

  /**
   * Returns a provider of one fixed URL, checked now.
   *
   * @throws IllegalArgumentException if {@code url} is not an absolute {@code ws} or {@code wss}
   *     URL with a host and, if it has a port, a port in 0-65535
   */
  static UrlProvider of(String url) {
    Objects.requireNonNull(url, "url");
    WebSocketUris.parse(url);
    CompletionStage<String> value = CompletableFuture.completedFuture(url);
    return () -> value;
  }

  /** Returns a provider that calls {@code supplier} on every attempt. */
  static UrlProvider of(Supplier<String> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> CompletableFuture.completedFuture(supplier.get());
  }

  /** Returns a provider that calls {@code supplier} on every attempt and waits for its stage. */
  static UrlProvider async(Supplier<? extends CompletionStage<String>> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> supplier.get();
  }
}
