package io.partysocket;

import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketFactory;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Resolves the providers of one attempt and builds its connect request. Stateless. */
final class AttemptRequest {

  private AttemptRequest() {}

  /** The resolved URL, subprotocols and headers of one attempt. */
  record Resolved(String url, List<String> protocols, Map<String, List<String>> headers) {}

  /**
   * Calls a provider and returns its stage as a future whose failure names the provider; a provider
   * that throws or returns null becomes a failed future.
   */
  static <T> CompletableFuture<T> resolve(String name, Supplier<CompletionStage<T>> provider) {
    try {
      CompletionStage<T> stage = provider.get();
      if (stage == null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException(name + " returned null instead of a stage"));
      }
      return stage
          .toCompletableFuture()
          .handle(
              (value, failure) -> {
                if (failure != null) {
                  throw new CompletionException(
                      new IllegalStateException(
                          name + " failed: " + Engine.describe(Engine.unwrap(failure)),
                          Engine.unwrap(failure)));
                }
                return value;
              });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(name + " failed: " + Engine.describe(e), e));
    }
  }

  /**
   * Returns the connect request of one attempt: the resolved URL, subprotocols and headers with the
   * options' timeouts, limits, TLS and fixed headers.
   *
   * @throws IllegalStateException if a provider returned null
   * @throws IllegalArgumentException if the URL, a subprotocol or a header is invalid
   */
  static ConnectRequest build(
      Resolved resolved, WebSocketOptions options, WebSocketFactory factory) {
    if (resolved.url() == null) {
      throw new IllegalStateException("url provider returned null instead of a URL");
    }
    URI uri = WebSocketUris.parse(resolved.url());
    ConnectRequest.Builder builder =
        ConnectRequest.builder(uri)
            .subprotocols(resolved.protocols() == null ? List.of() : resolved.protocols())
            .connectTimeout(options.connectionTimeout())
            .closeTimeout(options.closeTimeout())
            .maxInboundMessageBytes(options.maxInboundMessageBytes())
            .compression(options.compression())
            .sslContext(options.sslContext())
            .sslParameters(options.sslParameters());
    options.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
    if (resolved.headers() == null) {
      throw new IllegalStateException("headers provider returned null instead of a map");
    }
    resolved
        .headers()
        .forEach(
            (name, values) -> {
              if (name == null || values == null) {
                throw new IllegalStateException(
                    "headers provider returned a null name or value list");
              }
              values.forEach(value -> builder.header(name, value));
            });
    if (!options.heartbeatInterval().isZero() && !factory.capabilities().pingWithPayload()) {
      builder.heartbeatInterval(options.heartbeatInterval());
    }
    return builder.build();
  }
}
