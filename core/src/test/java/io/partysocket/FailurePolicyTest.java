package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FailurePolicyTest extends EngineTestSupport {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final FailurePolicy POLICY =
      FailurePolicy.standard(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

  private static CloseEvent rejected(int status, String retryAfter) {
    Map<String, List<String>> headers =
        retryAfter == null ? Map.of() : Map.of("Retry-After", List.of(retryAfter));
    return new CloseEvent(
        1006,
        "HTTP " + status,
        false,
        true,
        ConnectFailedException.httpStatus(status, headers, "", null));
  }

  @ParameterizedTest(name = "HTTP {0} stops")
  @ValueSource(ints = {400, 401, 403, 404, 405, 410})
  void clientErrorsStop(int status) {
    assertThat(POLICY.decide(rejected(status, null)).kind()).isEqualTo(RetryDecision.Kind.STOP);
  }

  @ParameterizedTest(name = "HTTP {0} retries")
  @ValueSource(ints = {402, 408, 500, 502, 504})
  void otherStatusesRetry(int status) {
    assertThat(POLICY.decide(rejected(status, "30")).kind()).isEqualTo(RetryDecision.Kind.RETRY);
  }

  static Stream<Arguments> retryAfterValues() {
    return Stream.of(
        Arguments.of(503, "7", Duration.ofSeconds(7)),
        Arguments.of(429, "0", Duration.ZERO),
        Arguments.of(429, "Fri, 04 Dec 2026 12:00:30 GMT", Duration.ofSeconds(30)),
        Arguments.of(503, "Fri, 04 Dec 2026 11:00:00 GMT", Duration.ZERO),
        Arguments.of(503, "3600", Duration.ofMinutes(5)),
        Arguments.of(503, "99999999999999999999", Duration.ofMinutes(5)));
  }

  @ParameterizedTest(name = "HTTP {0} with Retry-After {1}")
  @MethodSource("retryAfterValues")
  void retryAfterSetsFloor(int status, String value, Duration floor) {
    RetryDecision decision = POLICY.decide(rejected(status, value));

    assertThat(decision.kind()).isEqualTo(RetryDecision.Kind.RETRY_NO_SOONER_THAN);
    assertThat(decision.floor()).isEqualTo(floor);
  }

  @Test
  void unreadableRetryAfterRetries() {
    assertThat(POLICY.decide(rejected(503, "soon")).kind()).isEqualTo(RetryDecision.Kind.RETRY);
    assertThat(POLICY.decide(rejected(503, null)).kind()).isEqualTo(RetryDecision.Kind.RETRY);
  }

  @Test
  void policyViolationCloseStops() {
    CloseEvent close = new CloseEvent(1008, "banned", true, true, null);

    assertThat(POLICY.decide(close).kind()).isEqualTo(RetryDecision.Kind.STOP);
  }

  @ParameterizedTest(name = "close {0} retries")
  @ValueSource(ints = {1000, 1001, 1005, 1006, 1011, 1012, 1013, 4000})
  void otherClosesRetry(int code) {
    assertThat(POLICY.decide(new CloseEvent(code, "", code != 1006, true, null)).kind())
        .isEqualTo(RetryDecision.Kind.RETRY);
  }

  @Test
  void alwaysRetryIgnoresStatus() {
    assertThat(FailurePolicy.alwaysRetry().decide(rejected(401, null)).kind())
        .isEqualTo(RetryDecision.Kind.RETRY);
  }

  @Test
  void forbiddenHandshakeGivesUp() {
    ReconnectingWebSocket socket = socket(options().build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();
    transport.last().reject(403);

    assertThat(recorder.types()).containsExactly("error", "close", "giveup");
    GiveUpEvent giveUp = recorder.of(GiveUpEvent.class).get(0);
    assertThat(giveUp.reason()).isEqualTo(GiveUpEvent.Reason.FAILURE_POLICY);
    assertThat(giveUp.lastClose().reason()).isEqualTo("HTTP 403");
    assertThat(socket.shouldReconnect()).isFalse();
    scheduler.advance(ms(600_000));
    assertThat(transport.attempts).hasSize(1);
  }

  @Test
  void retryAfterFloorsNextDelay() {
    socket(options().minReconnectionDelay(ms(100)).build());
    scheduler.runDue();
    transport
        .last()
        .fail(
            ConnectFailedException.httpStatus(503, Map.of("Retry-After", List.of("7")), "", null));

    assertThat(scheduler.nextDelayMillis()).isEqualTo(7000.0);
    scheduler.advance(ms(6999));
    assertThat(transport.attempts).hasSize(1);
    scheduler.advance(ms(1));
    assertThat(transport.attempts).hasSize(2);
    transport.last().refuse();
    assertThat(scheduler.nextDelayMillis()).isEqualTo(130.0);
  }

  @Test
  void predicateOverridesPolicy() {
    ReconnectingWebSocket socket =
        socket(
            options()
                .failurePolicy(close -> RetryDecision.retry())
                .shouldReconnectOnClose(close -> false)
                .build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();
    transport.last().refuse();

    assertThat(recorder.of(GiveUpEvent.class).get(0).reason())
        .isEqualTo(GiveUpEvent.Reason.SHOULD_RECONNECT_ON_CLOSE);
  }

  @Test
  void throwingPolicyRetries() {
    socket(
        options()
            .failurePolicy(
                close -> {
                  throw new IllegalStateException("policy bug");
                })
            .build());
    scheduler.runDue();
    transport.last().refuse();

    assertThat(scheduler.nextDelayMillis()).isEqualTo(1000.0);
  }

  @Test
  void scriptedAttemptsEndInStop() {
    ReconnectingWebSocket socket =
        socket(options().minReconnectionDelay(ms(10)).connectionTimeout(ms(200)).build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();
    scheduler.advance(ms(200)); // attempt 1 stalls and times out
    scheduler.runNext();
    transport
        .last()
        .fail(new ConnectFailedException(ConnectFailedException.Kind.IO, "reset", null));
    scheduler.runNext();
    transport
        .last()
        .fail(
            ConnectFailedException.httpStatus(503, Map.of("Retry-After", List.of("2")), "", null));
    double retryAfterDelay = scheduler.nextDelayMillis();
    scheduler.runNext();
    transport.last().reject(429);
    scheduler.runNext();
    FakeTransport.Connection connection = transport.last().open();
    connection.serverClose(1008, "policy");
    scheduler.advance(ms(600_000));

    assertThat(transport.attempts).hasSize(5);
    assertThat(retryAfterDelay).isEqualTo(2000.0);
    assertThat(recorder.of(GiveUpEvent.class)).hasSize(1);
    assertThat(recorder.of(OpenEvent.class)).hasSize(1);
    assertThat(socket.shouldReconnect()).isFalse();
  }
}
