package io.partysocket.examples;

import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import io.partysocket.transport.okhttp.OkHttpWebSocketFactory;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.OkHttpClient;

/**
 * Reuses an application's {@link OkHttpClient} for the socket, so the WebSocket shares the client's
 * interceptors, proxy, certificate pinning and TLS settings.
 *
 * <p>Usage: {@code ExistingOkHttpClient URL}. The factory built on the client derives a client per
 * connection with {@code newBuilder()}, which shares the connection pool, and never shuts the
 * application's client down: the application still owns it. One factory serves any number of
 * sockets; close it when they are all closed.
 */
public final class ExistingOkHttpClient {

  private static final long REPLY_SECONDS = 10;

  private ExistingOkHttpClient() {}

  /** Runs the example; see the class description. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ExistingOkHttpClient URL   (for example: ws://localhost:8080/ws)");
      System.exit(2);
    }
    OkHttpClient client =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    chain.proceed(
                        chain.request().newBuilder().header("User-Agent", "my-app/1.0").build()))
            .build();
    boolean replied = run(args[0], client, System.out);
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    System.exit(replied ? 0 : 1);
  }

  /**
   * Connects to {@code url} through {@code client}, sends a greeting and prints the first reply.
   *
   * @return whether a reply arrived in time
   */
  static boolean run(String url, OkHttpClient client, PrintStream output)
      throws InterruptedException {
    CompletableFuture<String> reply = new CompletableFuture<>();
    try (OkHttpWebSocketFactory transport = new OkHttpWebSocketFactory(client);
        ReconnectingWebSocket socket =
            new ReconnectingWebSocket(
                url,
                WebSocketOptions.builder()
                    .transport(transport)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .maxRetries(3)
                    .build())) {
      socket.addEventListener(
          EventType.MESSAGE, event -> reply.complete(event.isText() ? event.text() : "(binary)"));
      socket.send("hello through the application's OkHttpClient");
      output.println("reply: " + reply.get(REPLY_SECONDS, TimeUnit.SECONDS));
      return true;
    } catch (TimeoutException | ExecutionException e) {
      output.println("no reply within " + REPLY_SECONDS + " s");
      return false;
    }
  }
}
