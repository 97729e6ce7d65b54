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
            .connectTimeout(options.connectionTimeout())
            .closeTimeout(options.closeTimeout())
            .maxInboundMessageBytes(options.maxInboundMessageBytes())
            .compression(options.compression())
            .sslContext(options.sslContext())
            .sslParameters(options.sslParameters());
    addProtocols(builder, resolved.protocols());
    options.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
    addProviderHeaders(builder, resolved.headers());
    if (!options.heartbeatInterval().isZero() && !factory.capabilities().pingWithPayload()) {
      builder.heartbeatInterval(options.heartbeatInterval());
    }
    return builder.build();
  }

  private static void addProtocols(ConnectRequest.Builder builder, List<String> protocols) {
    if (protocols == null) {
      return;
    }
    try {
      builder.subprotocols(protocols);
    } catch (NullPointerException e) {
      throw new IllegalStateException(
          "protocols provider returned null as " + e.getMessage() + "; remove the null", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "protocols provider returned invalid subprotocols: " + e.getMessage(), e);
    }
  }

  /** Adds the headers of the headers provider; messages name a header but never its value. */
  private static void addProviderHeaders(
      ConnectRequest.Builder builder, Map<String, List<String>> headers) {
    if (headers == null) {
      throw new IllegalStateException("headers provider returned null instead of a map");
    }
    headers.forEach(
        (name, values) -> {
          if (name == null || values == null) {
            throw new IllegalStateException("headers provider returned a null name or value list");
          }
          for (String value : values) {
            if (value == null) {
              throw new IllegalStateException(
                  "headers provider returned a null value for header \"" + name + "\"");
            }
            try {
              builder.header(name, value);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(
                  "headers provider returned an invalid header: " + e.getMessage(), e);
            }
          }
        });
  }
}
