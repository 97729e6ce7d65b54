package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PartySocketTest extends EngineTestSupport {

  private PartySocketOptions.Builder party() {
    return PartySocketOptions.builder()
        .host("127.0.0.1:1999")
        .room("my-room")
        .id("conn-1")
        .socketOptions(options().minReconnectionDelay(ms(100)).build());
  }

  private URI lastUri() {
    return transport.last().request.uri();
  }

  @Test
  void urlFromProperties() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("a", "1 2");
    query.put("skip", null);
    query.put("b", "x&y");
    new PartySocket(party().party("chat").query(query).build());
    scheduler.runDue();

    assertThat(lastUri().toString())
        .isEqualTo("ws://127.0.0.1:1999/parties/chat/my-room?_pk=conn-1&a=1+2&b=x%26y");
  }

  @Test
  void attributesReflectProperties() {
    PartySocket socket =
        new PartySocket(party().host("https://example.com/").party("p").path("sub/path").build());

    assertThat(socket.id()).isEqualTo("conn-1");
    assertThat(socket.name()).isEqualTo("p");
    assertThat(socket.room()).isEqualTo("my-room");
    assertThat(socket.host()).isEqualTo("example.com");
    assertThat(socket.path()).isEqualTo("sub/path");
    assertThat(socket.basePath()).isEmpty();
    assertThat(socket.roomUrl()).isEqualTo("wss://example.com/parties/p/my-room/sub/path");
    socket.close();
  }

  @Test
  void randomIdKeptAcrossAttempts() {
    PartySocket socket = new PartySocket(party().id(null).build());
    scheduler.runDue();
    transport.last().refuse();
    scheduler.runNext();

    assertThat(socket.id())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(transport.attempts.get(0).request.uri().getQuery()).isEqualTo("_pk=" + socket.id());
    assertThat(transport.attempts.get(1).request.uri().getQuery()).isEqualTo("_pk=" + socket.id());
  }

  @Test
  void asyncQueryCalledOncePerAttempt() {
    AtomicInteger calls = new AtomicInteger();
    new PartySocket(
        party()
            .query(
                QueryProvider.async(
                    () ->
                        CompletableFuture.completedFuture(
                            Map.of("token", "t" + calls.incrementAndGet()))))
            .build());
    scheduler.runDue();
    assertThat(lastUri().getQuery()).isEqualTo("_pk=conn-1&token=t1");
    transport.last().refuse();
    scheduler.runNext();
    transport.last().refuse();
    scheduler.runNext();

    assertThat(calls).hasValue(3);
    assertThat(lastUri().getQuery()).isEqualTo("_pk=conn-1&token=t3");
  }

  @Test
  void failingQueryIsFailedAttempt() {
    PartySocket socket =
        new PartySocket(
            party()
                .query(
                    QueryProvider.async(
                        () ->
                            CompletableFuture.failedFuture(new IllegalStateException("no token"))))
                .build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.types()).containsExactly("error", "close");
    assertThat(recorder.of(ErrorEvent.class).get(0).message()).contains("no token");
    assertThat(scheduler.nextDelayMillis()).isEqualTo(100.0);
  }

  @Test
  void fixedQueryWithIdParameterRejected() {
    PartySocketOptions.Builder builder = party();

    assertThatThrownBy(() -> builder.query(Map.of("_pk", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query must not contain \"_pk\"")
        .hasMessageContaining("id(...)");
  }

  @Test
  void fixedQueryWithEmptyNameRejected() {
    PartySocketOptions.Builder builder = party();

    assertThatThrownBy(() -> builder.query(Map.of("", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query parameter name must be non-empty");
  }

  @Test
  void suppliedQueryWithIdParameterFailsAttempt() {
    PartySocket socket =
        new PartySocket(party().query(QueryProvider.of(() -> Map.of("_pk", "x"))).build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.types()).containsExactly("error", "close");
    assertThat(recorder.of(ErrorEvent.class).get(0).message())
        .contains("query must not contain \"_pk\"");
    assertThat(transport.attempts).isEmpty();
  }

  @Test
  void updateMergesOntoCurrentProperties() {
    PartySocket socket =
        new PartySocket(party().party("p0").socketOptions(options().maxRetries(3).build()).build());
    socket.updateProperties(p -> p.party("p1").socketOptions(options().maxRetries(7).build()));

    socket.updateProperties(p -> p.room("other"));

    assertThat(socket.name()).isEqualTo("p1");
    assertThat(socket.room()).isEqualTo("other");
    assertThat(socket.options().maxRetries()).isEqualTo(7);
    assertThat(socket.id()).isEqualTo("conn-1");
  }

  @Test
  void updateWithoutReconnectKeepsConnection() {
    PartySocket socket = new PartySocket(party().room("a").build());
    scheduler.runDue();
    transport.last().open();

    socket.updateProperties(p -> p.room("b"));

    assertThat(transport.attempts).hasSize(1);
    assertThat(socket.readyState()).isEqualTo(ReconnectingWebSocket.OPEN);
    socket.reconnect();
    scheduler.runDue();
    assertThat(transport.attempts).hasSize(2);
    assertThat(lastUri().getPath()).isEqualTo("/parties/main/b");
  }

  @Test
  void updateOfSocketWithPathKeepsPath() {
    PartySocket socket = new PartySocket(party().path("events").build());

    socket.updateProperties(p -> p.room("next"));

    assertThat(socket.roomUrl()).isEqualTo("ws://127.0.0.1:1999/parties/main/next/events");
  }

  @Test
  void updateWithNewIdChangesId() {
    PartySocket socket = new PartySocket(party().build());

    socket.updateProperties(p -> p.id("conn-2"));

    assertThat(socket.id()).isEqualTo("conn-2");
  }

  @Test
  void invalidUpdateChangesNothing() {
    PartySocket socket = new PartySocket(party().build());

    assertThatThrownBy(() -> socket.updateProperties(p -> p.room("x").path("/leading")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("path must not start with a slash");

    assertThat(socket.room()).isEqualTo("my-room");
  }

  @Test
  void missingRoomRejectedAtConstruction() {
    assertThatThrownBy(() -> new PartySocket(party().room(null).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Either room or basePath must be provided");
    scheduler.advance(ms(10_000));
    assertThat(transport.attempts).isEmpty();
  }

  @Test
  void reconnectWithoutRoomRejected() {
    PartySocket socket =
        new PartySocket(
            party().room(null).socketOptions(options().startClosed(true).build()).build());

    assertThatThrownBy(socket::reconnect)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("room (or basePath) must be set");
    socket.updateProperties(p -> p.basePath("custom/base"));
    socket.reconnect();
    scheduler.runDue();
    assertThat(lastUri().getPath()).isEqualTo("/custom/base");
  }

  @Test
  void missingHostRejected() {
    assertThatThrownBy(() -> PartySocketOptions.builder().room("r").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("host must be set");
  }

  @Test
  void protocolsReachRequest() {
    new PartySocket(party().protocols(ProtocolsProvider.of("p1")).build());
    scheduler.runDue();

    assertThat(transport.last().request.subprotocols()).isEqualTo(List.of("p1"));
  }

  @Test
  void explicitProtocolWins() {
    PartySocket socket = new PartySocket(party().protocol("wss").build());

    assertThat(socket.roomUrl()).startsWith("wss://127.0.0.1:1999/");
  }
}
