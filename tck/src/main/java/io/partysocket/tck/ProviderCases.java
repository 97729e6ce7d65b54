package io.partysocket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.EventType;
import io.partysocket.HeadersProvider;
import io.partysocket.PartySocketOptions;
import io.partysocket.QueryProvider;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** PartySocket URLs, connect hooks and per-attempt headers against a real server. */
abstract class ProviderCases extends StackSupport {

  ProviderCases(ReconnectingTck owner) {
    super(owner);
  }

  @Test
  void partySocketUsesCurrentProperties() {
    AtomicInteger queries = new AtomicInteger();
    QueryProvider query =
        QueryProvider.async(
            () -> {
              int call = queries.incrementAndGet();
              Map<String, String> parameters = new LinkedHashMap<>();
              parameters.put("token", "t" + call);
              parameters.put("call", Integer.toString(call));
              return CompletableFuture.supplyAsync(
                  () -> parameters, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
            });
    var client =
        startParty(
            PartySocketOptions.builder()
                .host("127.0.0.1:" + server.port())
                .room("room-a")
                .query(query),
            options());

    client.events().await(OPEN, 1, WAIT);
    ServerConnection roomA = liveConnection("/parties/main/room-a");
    client.socket().updateProperties(properties -> properties.room("room-b"));
    client.socket().reconnect();
    client.events().await(OPEN, 2, WAIT);
    ServerConnection roomB = liveConnection("/parties/main/room-b");
    // Without reconnect(), the change applies to the next attempt the socket makes by itself.
    client.socket().updateProperties(properties -> properties.room("room-c"));
    server.enqueue(Handshake.reject(500));
    roomB.close(4000, "moved");
    client.events().await(OPEN, 3, WAIT);
    liveConnection("/parties/main/room-c");

    String id = client.socket().id();
    List<ServerConnection> connections = server.connections();
    List<String> paths = connections.stream().map(ServerConnection::path).toList();
    List<String> queryStrings = connections.stream().map(ServerConnection::query).toList();
    List<String> expectedQueries = new ArrayList<>();
    for (int call = 1; call <= 4; call++) {
      expectedQueries.add("_pk=" + id + "&token=t" + call + "&call=" + call);
    }
    assertThat(roomA.path()).isEqualTo("/parties/main/room-a");
    assertThat(paths)
        .containsExactly(
            "/parties/main/room-a",
            "/parties/main/room-b",
            "/parties/main/room-c", // rejected with 500
            "/parties/main/room-c");
    assertThat(queryStrings).as("query strings, one provider call each").isEqualTo(expectedQueries);
    assertThat(queries.get()).as("query provider calls").isEqualTo(server.acceptedCount());
    assertThat(client.events().events(ERROR).get(0).httpStatus()).isEqualTo(500);
  }

  @Test
  void hookFirstHeadersPerAttempt() {
    AtomicInteger hooks = new AtomicInteger();
    AtomicInteger tokens = new AtomicInteger();
    var client =
        start(
            server.uri("/hook"),
            options()
                .headersProvider(
                    HeadersProvider.of(
                        () ->
                            Map.of(
                                "Authorization",
                                List.of("Bearer tok-" + tokens.incrementAndGet()))))
                .connectHook(
                    session -> {
                      int connection = hooks.incrementAndGet();
                      // The backlog must wait for the stage, not just for the hook to return.
                      return session
                          .send("hello-" + connection)
                          .thenCompose(
                              sent ->
                                  CompletableFuture.runAsync(
                                      () -> {},
                                      CompletableFuture.delayedExecutor(
                                          50, TimeUnit.MILLISECONDS)));
                    }));
    // Sent before the first connection opens: the backlog of connection 1.
    sendAll(client.socket(), "first-", 5);
    client.events().await(OPEN, 1, WAIT);
    ServerConnection first = liveConnection("/hook");
    first.awaitCount(ServerEvent.Text.class, 6, WAIT);
    // Sent from the close listener, while the socket waits to reconnect: the backlog of 2.
    client
        .socket()
        .addEventListener(EventType.CLOSE, close -> sendAll(client.socket(), "second-", 5), true);
    first.close(4000, "again");
    client.events().await(OPEN, 2, WAIT);
    ServerConnection second = liveConnection("/hook");
    // Anything sent twice would reach the server before this marker, which is sent last.
    client.socket().send("end");
    second.await(event -> event.equals(new ServerEvent.Text("end")), WAIT);
    List<String> secondExpected = expected("hello-2", "second-", 5);
    secondExpected.add("end");

    assertThat(first.texts()).containsExactlyElementsOf(expected("hello-1", "first-", 5));
    assertThat(second.texts()).containsExactlyElementsOf(secondExpected);
    assertThat(first.headerValues("Authorization")).containsExactly("Bearer tok-1");
    assertThat(second.headerValues("Authorization")).containsExactly("Bearer tok-2");
    assertThat(tokens.get()).as("headers provider calls").isEqualTo(server.acceptedCount());
  }

  private static void sendAll(ReconnectingWebSocket socket, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      socket.send(prefix + i);
    }
  }

  private static List<String> expected(String hello, String prefix, int n) {
    List<String> texts = new ArrayList<>();
    texts.add(hello);
    for (int i = 0; i < n; i++) {
      texts.add(prefix + i);
    }
    return texts;
  }
}
