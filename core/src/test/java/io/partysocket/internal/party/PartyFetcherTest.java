package io.partysocket.internal.party;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.partysocket.PartyFetchOptions;
import io.partysocket.QueryProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartyFetcherTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
  private final CountDownLatch releaseSlow = new CountDownLatch(1);
  private final ExecutorService serverExecutor = Executors.newFixedThreadPool(4);
  private HttpServer server;
  private String host;

  /** One request as the server received it. */
  record Recorded(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body) {}

  @BeforeEach
  void startServer() throws IOException {
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(serverExecutor);
    server.start();
    host = "127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    releaseSlow.countDown();
    server.stop(0);
    serverExecutor.shutdownNow();
    assertThat(serverExecutor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void getArrivesAsBuilt() throws Exception {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("a", "1 2");
    query.put("skipped", null);
    query.put("b", "x&y?");
    PartyFetchOptions options = options("my room").query(query).build();

    HttpResponse<String> response = fetch(options);
    Recorded request = nextRequest();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(response.uri().toString())
        .isEqualTo("http://" + host + "/parties/main/my%20room?a=1+2&b=x%26y%3F");
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.rawPath()).isEqualTo("/parties/main/my%20room");
    assertThat(request.rawQuery()).isEqualTo("a=1+2&b=x%26y%3F");
    assertThat(request.body()).isEmpty();
  }

  @Test
  void noQueryEndsWithQuestionMark() throws Exception {
    HttpResponse<String> response = fetch(options("r").build());
    Recorded request = nextRequest();

    assertThat(response.request().uri().toString())
        .isEqualTo("http://" + host + "/parties/main/r?");
    // java.net.http.HttpClient leaves an empty query out of the request line.
    assertThat(request.rawQuery()).isNull();
  }

  @Test
  void postBodyArrives() throws Exception {
    String body = "hello ✓ & more";
    PartyFetchOptions options =
        PartyFetchOptions.builder()
            .host(host)
            .basePath("api/v1")
            .path("items/a b")
            .method("POST")
            .body(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();

    fetch(options);
    Recorded request = nextRequest();

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo("/api/v1/items/a%20b");
    assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(body);
  }

  @Test
  void partyAndPrefixArrive() throws Exception {
    fetch(options("r 1").party("my-party").prefix("rooms").path("x").build());

    assertThat(nextRequest().rawPath()).isEqualTo("/rooms/my-party/r%201/x");
  }

  @Test
  void headersArrive() throws Exception {
    PartyFetchOptions options =
        options("r").header("X-Token", "abc").header("X-Multi", "1").header("X-Multi", "2").build();

    fetch(options);
    Map<String, List<String>> headers = nextRequest().headers();

    assertThat(headers.get("X-token")).containsExactly("abc");
    assertThat(headers.get("X-multi")).containsExactly("1", "2");
  }

  @Test
  void asyncProviderCalledOncePerFetch() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    BlockingQueue<CompletableFuture<Map<String, String>>> pending = new LinkedBlockingQueue<>();
    QueryProvider provider =
        QueryProvider.async(
            () -> {
              calls.incrementAndGet();
              CompletableFuture<Map<String, String>> stage = new CompletableFuture<>();
              pending.add(stage);
              return stage;
            });
    PartyFetchOptions options = options("r").query(provider).build();

    CompletableFuture<HttpResponse<String>> first = fetchAsync(options);
    pending.poll(WAIT.toSeconds(), TimeUnit.SECONDS).complete(Map.of("n", "1"));
    first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    int callsAfterFirst = calls.get();
    CompletableFuture<HttpResponse<String>> second = fetchAsync(options);
    pending.poll(WAIT.toSeconds(), TimeUnit.SECONDS).complete(Map.of("n", "2"));
    second.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(callsAfterFirst).isEqualTo(1);
    assertThat(calls.get()).isEqualTo(2);
    assertThat(nextRequest().rawQuery()).isEqualTo("n=1");
    assertThat(nextRequest().rawQuery()).isEqualTo("n=2");
  }

  @Test
  void requestWaitsForProvider() throws Exception {
    CompletableFuture<Map<String, String>> stage = new CompletableFuture<>();
    PartyFetchOptions options = options("r").query(() -> stage).build();

    CompletableFuture<HttpResponse<String>> response = fetchAsync(options);
    boolean doneBeforeProvider = response.isDone();
    stage.complete(Map.of("token", "t"));

    assertThat(doneBeforeProvider).isFalse();
    assertThat(response.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(nextRequest().rawQuery()).isEqualTo("token=t");
  }

  @Test
  void cancelBeforeProviderSendsNothing() throws Exception {
    CompletableFuture<Map<String, String>> stage = new CompletableFuture<>();
    CompletableFuture<HttpResponse<String>> cancelled =
        fetchAsync(options("cancelled").query(() -> stage).build());

    cancelled.cancel(true);
    stage.complete(Map.of());
    fetch(options("after").build());

    assertThat(nextRequest().rawPath()).isEqualTo("/parties/main/after");
    assertThat(requests).isEmpty();
  }

  @Test
  void throwingProviderFailsFuture() {
    IllegalStateException boom = new IllegalStateException("boom");
    PartyFetchOptions options =
        options("r")
            .query(
                () -> {
                  throw boom;
                })
            .build();

    assertThat(fetchAsync(options))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isSameAs(boom);
    assertThat(requests).isEmpty();
  }

  @Test
  void failedProviderStageFailsFuture() {
    IOException failure = new IOException("token service unavailable");
    PartyFetchOptions options =
        options("r").query(() -> CompletableFuture.failedFuture(failure)).build();

    assertThat(fetchAsync(options))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isSameAs(failure);
    assertThat(requests).isEmpty();
  }

  @Test
  void providerReturningNullFailsFuture() {
    PartyFetchOptions options = options("r").query(() -> null).build();

    assertThat(fetchAsync(options))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalStateException.class)
        .withMessageStartingWith("query provider returned null");
  }

  @Test
  void providerCompletingWithNullFailsFuture() {
    PartyFetchOptions options =
        options("r").query(() -> CompletableFuture.completedFuture(null)).build();

    assertThat(fetchAsync(options))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalStateException.class)
        .withMessageStartingWith("query provider completed with null");
  }

  @Test
  void nullQueryNameFailsFuture() {
    Map<String, String> query = new HashMap<>();
    query.put(null, "secret");
    PartyFetchOptions options = options("r").query(QueryProvider.of(() -> query)).build();

    assertThat(fetchAsync(options))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalArgumentException.class)
        .withMessageNotContaining("secret");
  }

  @Test
  void defaultClientDoesNotFollowRedirects() throws Exception {
    HttpResponse<String> response = fetch(options("redirect").build());

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).contains("/parties/main/target");
  }

  @Test
  void suppliedClientIsUsed() throws Exception {
    ExecutorService clientExecutor = Executors.newFixedThreadPool(2);
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .executor(clientExecutor)
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();

      HttpResponse<String> response = fetch(options("redirect").httpClient(client).build());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(nextRequest().rawPath()).isEqualTo("/parties/main/redirect");
      assertThat(nextRequest().rawPath()).isEqualTo("/parties/main/target");
    } finally {
      clientExecutor.shutdownNow();
      assertThat(clientExecutor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void timeoutFailsFuture() {
    PartyFetchOptions options = options("slow").timeout(Duration.ofMillis(200)).build();

    assertThat(fetchAsync(options))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(HttpTimeoutException.class);
  }

  private PartyFetchOptions.Builder options(String room) {
    return PartyFetchOptions.builder().host(host).room(room);
  }

  private static CompletableFuture<HttpResponse<String>> fetchAsync(PartyFetchOptions options) {
    return PartyFetcher.fetch(options, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> fetch(PartyFetchOptions options) throws Exception {
    return fetchAsync(options).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private Recorded nextRequest() throws InterruptedException {
    Recorded request = requests.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(request).as("a request within %s", WAIT).isNotNull();
    return request;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      String rawPath = exchange.getRequestURI().getRawPath();
      requests.add(
          new Recorded(
              exchange.getRequestMethod(),
              rawPath,
              exchange.getRequestURI().getRawQuery(),
              Map.copyOf(exchange.getRequestHeaders()),
              body));
      if (rawPath.endsWith("/redirect")) {
        exchange.getResponseHeaders().add("Location", "/parties/main/target");
        exchange.sendResponseHeaders(302, -1);
        return;
      }
      if (rawPath.endsWith("/slow")) {
        awaitRelease();
      }
      byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, ok.length);
      exchange.getResponseBody().write(ok);
    }
  }

  private void awaitRelease() {
    try {
      releaseSlow.await(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
