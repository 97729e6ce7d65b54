package io.partysocket.examples;

import io.partysocket.EventType;
import io.partysocket.HeadersProvider;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token fetched again before every connection attempt, for servers that authenticate the
 * WebSocket handshake with short-lived tokens.
 *
 * <p>Usage: {@code RefreshingToken URL}, for example {@code RefreshingToken
 * ws://localhost:8080/ws}. The {@link HeadersProvider} runs after each reconnect delay, so a token
 * that expired while the connection was down is never reused: each attempt sends {@code
 * Authorization: Bearer <token>} with a fresh token. The program prints received messages and runs
 * until the end of standard input. {@link io.partysocket.QueryProvider#async} does the same for a
 * token in the query string of a {@link io.partysocket.PartySocket}.
 */
public final class RefreshingToken {

  private RefreshingToken() {}

  /** Connects to the URL given as the only argument; see the class description. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: RefreshingToken URL   (for example: ws://localhost:8080/ws)");
      System.exit(2);
    }
    ReconnectingWebSocket socket =
        connect(args[0], new TokenService(), WebSocketOptions.defaults(), System.out);
    try {
      waitForEnd(System.in);
    } finally {
      socket.close();
    }
  }

  /**
   * Creates a socket with {@code options} that sends a new bearer token from {@code tokens} on
   * every attempt, and prints each open and each message on {@code output}.
   */
  static ReconnectingWebSocket connect(
      String url, TokenService tokens, WebSocketOptions options, PrintStream output) {
    HeadersProvider authorization =
        HeadersProvider.async(
            () ->
                tokens
                    .fetchToken()
                    .thenApply(token -> Map.of("Authorization", List.of("Bearer " + token))));
    ReconnectingWebSocket socket =
        new ReconnectingWebSocket(url, options.toBuilder().headersProvider(authorization).build());
    // The token is a secret: print how many were issued, never the token itself.
    socket.addEventListener(
        EventType.OPEN, event -> output.println("open with token #" + tokens.issued()));
    socket.addEventListener(
        EventType.MESSAGE, event -> output.println(event.isText() ? event.text() : "(binary)"));
    return socket;
  }

  private static void waitForEnd(InputStream input) throws IOException {
    while (input.read() != -1) {
      // Input only ends the program; its content is ignored.
    }
  }

  /**
   * A stand-in for an authentication server: each call returns a new token, asynchronously, as an
   * HTTP call to a token endpoint would. Thread-safe.
   */
  static final class TokenService {

    private final AtomicInteger issued = new AtomicInteger();

    /** Returns a stage that completes with a new token. */
    CompletionStage<String> fetchToken() {
      return CompletableFuture.supplyAsync(() -> "token-" + issued.incrementAndGet());
    }

    /** Returns the number of tokens issued so far. */
    int issued() {
      return issued.get();
    }
  }
}
