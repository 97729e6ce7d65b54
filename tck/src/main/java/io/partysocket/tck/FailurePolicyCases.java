package io.partysocket.tck;

import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.AttemptEvent;
import io.partysocket.CloseEvent;
import io.partysocket.ErrorEvent;
import io.partysocket.GiveUpEvent;
import io.partysocket.HeadersProvider;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The default failure policy over real rejected, stalled and reset handshakes. */
abstract class FailurePolicyCases extends StackSupport {

  /** The request header that carries the socket's attempt number, from 1. */
  private static final String ATTEMPT_HEADER = "X-Attempt";

  FailurePolicyCases(ReconnectingTck owner) {
    super(owner);
  }

  @Test
  void forbiddenGivesUp() {
    server.enqueue(Handshake.reject(403).body("no entry"));
    var client = start(server.uri("/forbidden"), options());

    GiveUpEvent giveUp = client.events().await(GIVE_UP, 1, WAIT);
    boolean retried = client.events().arrivesWithin(ATTEMPT, 2, QUIET);

    ErrorEvent error = client.events().events(ERROR).get(0);
    CloseEvent close = client.events().events(CLOSE).get(0);
    assertThat(client.events().typeNames()).containsExactly("attempt", "error", "close", "giveup");
    assertThat(error.httpStatus()).isEqualTo(403);
    assertThat(close.code()).isEqualTo(1006);
    assertThat(close.reason()).isEqualTo("HTTP 403");
    assertThat(close.wasClean()).isFalse();
    assertThat(giveUp.reason()).isEqualTo(GiveUpEvent.Reason.FAILURE_POLICY);
    assertThat(giveUp.attempts()).isEqualTo(1);
    assertThat(retried).as("an attempt after the 403").isFalse();
    assertThat(server.acceptedCount()).isEqualTo(1);
    assertThat(client.socket().shouldReconnect()).isFalse();
  }

  /**
   * Five attempts scripted by number, in the style of python-websockets' reconnect tests: the
   * socket names its attempt in a header, and the server responds alike to every TCP connection of
   * attempt {@code n}, so a transport that retries inside one attempt meets the same answer again.
   */
  @Test
  void scriptedAttemptsFollowPolicy() {
    AtomicInteger attemptNumbers = new AtomicInteger();
    server.setHandshakeSelector(
        connection ->
            switch (attemptOf(connection)) {
              case 1 -> Handshake.stall();
              case 2 -> Handshake.reset();
              case 3 -> Handshake.reject(503).header("Retry-After", "1");
              case 4 -> Handshake.reject(429);
              default -> Handshake.accept();
            });
    var client =
        start(
            server.uri("/policy"),
            options()
                .headersProvider(
                    HeadersProvider.of(
                        () ->
                            Map.of(
                                ATTEMPT_HEADER,
                                List.of(Integer.toString(attemptNumbers.incrementAndGet()))))));

    client.events().await(OPEN, 1, Duration.ofSeconds(15));
    liveConnection("/policy").close(1008, "policy");
    GiveUpEvent giveUp = client.events().await(GIVE_UP, 1, WAIT);
    boolean sixth = client.events().arrivesWithin(ATTEMPT, 6, QUIET);

    List<ErrorEvent> errors = client.events().events(ERROR);
    List<CloseEvent> closes = client.events().events(CLOSE);
    List<AttemptEvent> attempts = client.events().events(ATTEMPT);
    Map<Integer, List<ServerConnection>> byAttempt =
        server.connections().stream()
            .filter(ServerConnection::requestReceived)
            .collect(Collectors.groupingBy(FailurePolicyCases::attemptOf, TreeMap::new, toList()));
    // Attempt 3 failed after the server accepted its last connection, so the floor of 1 s counts
    // from a later instant. Both times come from the server, so thread scheduling cannot skew them.
    long thirdAccepted =
        byAttempt.get(3).stream().mapToLong(ServerConnection::acceptedNanos).max().orElseThrow();
    long fourthArrived = byAttempt.get(4).get(0).acceptedNanos();
    long afterThirdAccepted = TimeUnit.NANOSECONDS.toMillis(fourthArrived - thirdAccepted);
    Map<Integer, Integer> connectionsPerAttempt = new TreeMap<>();
    byAttempt.forEach(
        (attempt, connections) -> connectionsPerAttempt.put(attempt, connections.size()));
    System.out.printf(
        "%s: TCP connections per attempt %s%n", factory.name(), connectionsPerAttempt);

    assertThat(client.events().typeNames())
        .as("events %s", client.events().describe())
        .containsExactly(
            "attempt", "error", "close", // stalled, times out
            "attempt", "error", "close", // reset during the handshake
            "attempt", "error", "close", // 503 with Retry-After: 1
            "attempt", "error", "close", // 429 without Retry-After
            "attempt", "open", "close", // accepted, then closed with 1008
            "giveup");
    assertThat(kind(errors.get(0))).isEqualTo(ConnectFailedException.Kind.HANDSHAKE_TIMEOUT);
    assertThat(kind(errors.get(1))).isEqualTo(handshakeResetKind());
    assertThat(errors.get(2).httpStatus()).isEqualTo(503);
    assertThat(errors.get(3).httpStatus()).isEqualTo(429);
    assertThat(closes.subList(0, 4)).allMatch(close -> close.code() == 1006);
    assertThat(closes.get(4).code()).isEqualTo(1008);
    assertThat(attempts.get(3).delay()).as("delay of attempt 4").isGreaterThanOrEqualTo(seconds(1));
    assertThat(afterThirdAccepted)
        .as("ms from the server accepting attempt 3 to attempt 4 reaching it")
        .isGreaterThanOrEqualTo(1000);
    assertThat(attempts.get(4).delay())
        .as("delay of attempt 5, after a 429 without Retry-After")
        .isLessThanOrEqualTo(MAX_DELAY);
    assertThat(giveUp.reason()).isEqualTo(GiveUpEvent.Reason.FAILURE_POLICY);
    assertThat(giveUp.lastClose().code()).isEqualTo(1008);
    assertThat(sixth).as("a sixth attempt").isFalse();
    assertThat(byAttempt.keySet())
        .as("attempts that reached the server")
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(connectionsPerAttempt.values())
        .as("TCP connections per attempt")
        .allMatch(count -> count <= maxConnectionsPerAttempt());
  }

  private static int attemptOf(ServerConnection connection) {
    List<String> values = connection.headerValues(ATTEMPT_HEADER);
    return values.isEmpty() ? 0 : Integer.parseInt(values.get(0));
  }

  private static ConnectFailedException.Kind kind(ErrorEvent error) {
    assertThat(error.cause()).isInstanceOf(ConnectFailedException.class);
    return ((ConnectFailedException) error.cause()).kind();
  }

  private static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
