package io.partysocket.internal.party;

import io.partysocket.PartyFetchOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Sends the HTTP request described by {@link PartyFetchOptions}: resolves the query provider once,
 * builds the {@code http}/{@code https} room URL without {@code _pk}, and sends the request with
 * the caller's {@link HttpClient} or a shared default one.
 *
 * <p>The shared client is created on first use, lives as long as the class, and does not follow
 * redirects: a redirect could carry the request, with its query and headers, to another origin, so
 * the caller receives the 3xx response and decides. A caller that wants redirects followed supplies
 * a client built with {@link HttpClient.Redirect#NORMAL}.
 *
 * <p>The request URI ends with {@code ?} when there are no query parameters, as in PartySocket for
 * JavaScript, but {@link HttpClient} (JDK 17) leaves an empty query out of the request line, so the
 * server receives the path alone.
 *
 * <p>Stateless apart from the shared client, and thread-safe.
 */
public final class PartyFetcher {

  private PartyFetcher() {}

  /** Holds the shared client, created when first needed. */
  private static final class DefaultClient {
    static final HttpClient INSTANCE =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * Sends the request and returns its response.
   *
   * <p>Every failure completes the returned future exceptionally rather than being thrown: a
   * provider that throws or whose stage fails (with that exception), a provider that returns {@code
   * null} or completes with {@code null} ({@link IllegalStateException}), a query with a {@code
   * null} name ({@link IllegalArgumentException}), and every failure of the client. Only {@code
   * null} arguments throw. Cancelling the returned future cancels the client's future once the
   * request is sent; the query provider's stage is not cancelled.
   *
   * @param <T> the type of the response body
   * @param options the room and request
   * @param handler the handler of the response body
   * @return a future of the response, completed on a thread of the query provider or the client
   */
  public static <T> CompletableFuture<HttpResponse<T>> fetch(
      PartyFetchOptions options, HttpResponse.BodyHandler<T> handler) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();

    CompletionStage<Map<String, String>> query;
    try {
      query = options.query().resolve();
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    if (query == null) {
      result.completeExceptionally(
          new IllegalStateException(
              "query provider returned null instead of a CompletionStage; return a stage of an"
                  + " empty map for no parameters"));
      return result;
    }

    query.whenComplete(
        (parameters, failure) -> {
          if (failure != null) {
            result.completeExceptionally(unwrap(failure));
          } else if (parameters == null) {
            result.completeExceptionally(
                new IllegalStateException(
                    "query provider completed with null; complete with an empty map for no"
                        + " parameters"));
          } else if (!result.isDone()) {
            send(options, handler, parameters, result);
          }
        });
    return result;
  }

  /** Returns the client that sends requests without one supplied in the options. */
  static HttpClient defaultClient() {
    return DefaultClient.INSTANCE;
  }

  private static <T> void send(
      PartyFetchOptions options,
      HttpResponse.BodyHandler<T> handler,
      Map<String, String> query,
      CompletableFuture<HttpResponse<T>> result) {
    HttpRequest request;
    try {
      request = request(options, query);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }

    HttpClient client = options.httpClient().orElseGet(PartyFetcher::defaultClient);
    CompletableFuture<HttpResponse<T>> sending = client.sendAsync(request, handler);
    sending.whenComplete(
        (response, failure) -> {
          if (failure != null) {
            result.completeExceptionally(unwrap(failure));
          } else {
            result.complete(response);
          }
        });
    result.whenComplete(
        (response, failure) -> {
          if (result.isCancelled()) {
            sending.cancel(true);
          }
        });
  }

  private static HttpRequest request(PartyFetchOptions options, Map<String, String> query) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri(PartyUrls.fetchUrl(location(options), query)))
            .method(
                options.method(),
                options.bodyPublisher().orElseGet(HttpRequest.BodyPublishers::noBody));
    options.timeout().ifPresent(builder::timeout);
    options.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
    return builder.build();
  }

  /** Rebuilds the validated location; the options checked the same values when they were built. */
  private static PartyLocation location(PartyFetchOptions options) {
    return PartyLocation.builder(PartyLocation.Kind.HTTP)
        .host(options.host())
        .room(options.room().orElse(null))
        .party(options.party())
        .prefix(options.prefix())
        .basePath(options.basePath().orElse(null))
        .path(options.path().orElse(null))
        .protocol(options.protocol().orElse(null))
        .build();
  }

  /** Parses a built URL; the message leaves out the URL because its query may hold a token. */
  private static URI uri(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "fetch URL must be a valid URI but is invalid at index " + e.getIndex(), null);
    }
  }

  private static Throwable unwrap(Throwable failure) {
    if (failure instanceof CompletionException && failure.getCause() != null) {
      return failure.getCause();
    }
    return failure;
  }
}
