package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProvidersTest extends EngineTestSupport {

  private ReconnectingWebSocket socket(UrlProvider url, ProtocolsProvider protocols) {
    return new ReconnectingWebSocket(
        url, protocols, options().minReconnectionDelay(ms(100)).build());
  }

  @Test
  void urlSupplierCalledOncePerAttemptAfterDelay() {
    AtomicInteger calls = new AtomicInteger();
    socket(
        UrlProvider.of(() -> "ws://127.0.0.1:9/" + calls.incrementAndGet()),
        ProtocolsProvider.NONE);
    assertThat(calls).hasValue(0);
    scheduler.runDue();
    assertThat(calls).hasValue(1);
    transport.last().refuse();
    scheduler.advance(ms(99));
    assertThat(calls).hasValue(1);
    scheduler.advance(ms(1));

    assertThat(calls).hasValue(2);
    assertThat(transport.last().request.uri().getPath()).isEqualTo("/2");
  }

  @Test
  void throwingProviderFailsAttempt() {
    ReconnectingWebSocket socket =
        socket(
            UrlProvider.of(
                () -> {
                  throw new IllegalStateException("boom-sync");
                }),
            ProtocolsProvider.NONE);
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.types()).containsExactly("error", "close");
    assertThat(recorder.of(ErrorEvent.class).get(0).message())
        .contains("url provider")
        .contains("boom-sync");
    assertThat(transport.attempts).isEmpty();
    assertThat(scheduler.nextDelayMillis()).isEqualTo(100.0);
  }

  @Test
  void nullUrlFailsAttempt() {
    ReconnectingWebSocket socket =
        socket(UrlProvider.of(() -> (String) null), ProtocolsProvider.NONE);
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.of(ErrorEvent.class).get(0).message())
        .contains("url provider returned null");
    assertThat(scheduler.nextDelayMillis()).isEqualTo(100.0);
  }

  @Test
  void nullStageFailsAttempt() {
    ReconnectingWebSocket socket = socket(() -> null, ProtocolsProvider.NONE);
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.of(ErrorEvent.class).get(0).message())
        .contains("url provider returned null");
  }

  @Test
  void failedStageFailsAttemptThenRetries() {
    AtomicInteger calls = new AtomicInteger();
    ReconnectingWebSocket socket =
        socket(
            UrlProvider.async(
                () ->
                    calls.incrementAndGet() == 1
                        ? CompletableFuture.failedFuture(new RuntimeException("boom-async"))
                        : CompletableFuture.completedFuture(URL)),
            ProtocolsProvider.NONE);
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.of(ErrorEvent.class).get(0).message()).contains("boom-async");
    scheduler.advance(ms(100));
    assertThat(transport.attempts).hasSize(1);
  }

  @Test
  void failedStageWithNullCause() {
    CompletableFuture<String> failed = new CompletableFuture<>();
    failed.completeExceptionally(new RuntimeException((String) null));
    ReconnectingWebSocket socket = socket(UrlProvider.async(() -> failed), ProtocolsProvider.NONE);
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.of(ErrorEvent.class)).hasSize(1);
    assertThat(scheduler.nextDelayMillis()).isEqualTo(100.0);
  }

  @Test
  void invalidSchemeFailsAttempt() {
    ReconnectingWebSocket socket =
        socket(UrlProvider.of(() -> "ftp://127.0.0.1/x"), ProtocolsProvider.NONE);
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.of(ErrorEvent.class).get(0).message()).contains("\"ftp\"");
  }

  @Test
  void pendingProviderResolvedLater() {
    CompletableFuture<String> later = new CompletableFuture<>();
    socket(UrlProvider.async(() -> later), ProtocolsProvider.NONE);
    scheduler.runDue();
    assertThat(transport.attempts).isEmpty();

    later.complete(URL);

    assertThat(transport.attempts).hasSize(1);
  }

  @Test
  void closeDuringResolutionDiscardsResult() {
    CompletableFuture<String> later = new CompletableFuture<>();
    ReconnectingWebSocket socket = socket(UrlProvider.async(() -> later), ProtocolsProvider.NONE);
    scheduler.runDue();
    socket.close();

    later.complete(URL);

    assertThat(transport.attempts).isEmpty();
  }

  @Test
  void protocolsReachRequest() {
    socket(UrlProvider.of(URL), ProtocolsProvider.of("p1", "p2"));
    scheduler.runDue();

    assertThat(transport.last().request.subprotocols()).containsExactly("p1", "p2");
  }

  @Test
  void protocolsSupplierPerAttempt() {
    AtomicInteger calls = new AtomicInteger();
    socket(UrlProvider.of(URL), ProtocolsProvider.of(() -> List.of("v" + calls.incrementAndGet())));
    scheduler.runDue();
    transport.last().refuse();
    scheduler.runNext();

    assertThat(transport.last().request.subprotocols()).containsExactly("v2");
  }

  @Test
  void nullProtocolsOfferNone() {
    socket(UrlProvider.of(URL), ProtocolsProvider.of(() -> (List<String>) null));
    scheduler.runDue();

    assertThat(transport.last().request.subprotocols()).isEmpty();
  }

  @Test
  void invalidSuppliedProtocolFailsAttempt() {
    ReconnectingWebSocket socket =
        socket(UrlProvider.of(URL), ProtocolsProvider.of(() -> List.of("not valid")));
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.types()).containsExactly("error", "close");
    assertThat(recorder.of(ErrorEvent.class).get(0).message())
        .contains("protocols provider returned invalid subprotocols")
        .contains("subprotocols[0] must be a non-empty HTTP token")
        .contains("but was \"not valid\"");
    assertThat(transport.attempts).isEmpty();
    assertThat(scheduler.nextDelayMillis()).isEqualTo(100.0);
  }

  @Test
  void repeatedSuppliedProtocolFailsAttempt() {
    ReconnectingWebSocket socket =
        socket(UrlProvider.of(URL), ProtocolsProvider.of(() -> List.of("a", "a")));
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.of(ErrorEvent.class).get(0).message())
        .contains("subprotocols must be distinct but was [a, a]; offer \"a\" only once");
    assertThat(transport.attempts).isEmpty();
  }

  @Test
  void nullSuppliedProtocolFailsAttempt() {
    ReconnectingWebSocket socket =
        socket(UrlProvider.of(URL), ProtocolsProvider.of(() -> Arrays.asList("a", null)));
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.of(ErrorEvent.class).get(0).message()).contains("subprotocols[1]");
    assertThat(transport.attempts).isEmpty();
  }

  static Stream<Arguments> invalidFixedProtocols() {
    return Stream.of(
        Arguments.of(
            List.of("a b"), "subprotocols[0] must be a non-empty HTTP token", "but was \"a b\""),
        Arguments.of(List.of("ok", ""), "subprotocols[1] must be a non-empty HTTP token", "\"\""),
        Arguments.of(List.of("a\u0001"), "must be a non-empty HTTP token", "\"a\\u0001\""),
        Arguments.of(List.of("a", "a"), "subprotocols must be distinct", "but was [a, a]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFixedProtocols")
  void fixedProtocolsCheckedNow(List<String> protocols, String rule, String value) {
    String[] array = protocols.toArray(new String[0]);

    assertThatThrownBy(() -> ProtocolsProvider.of(array))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(rule)
        .hasMessageContaining(value);
    assertThatThrownBy(() -> ProtocolsProvider.of(protocols))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(rule);
  }

  @Test
  void nullFixedProtocolNamesIndex() {
    assertThatThrownBy(() -> ProtocolsProvider.of("a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("protocols[1]");
  }

  @Test
  void throwingProtocolsProviderFailsAttempt() {
    ReconnectingWebSocket socket =
        socket(
            UrlProvider.of(URL),
            () -> {
              throw new IllegalStateException("no protocols");
            });
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();

    assertThat(recorder.of(ErrorEvent.class).get(0).message())
        .contains("protocols provider")
        .contains("no protocols");
  }
}
