package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconnectDelayTest extends EngineTestSupport {

  @Test
  void delaysGrowOnFailingServer() {
    socket(
        options()
            .minReconnectionDelay(ms(50))
            .maxReconnectionDelay(ms(500))
            .reconnectionDelayGrowFactor(2)
            .build());
    for (int i = 0; i < 7; i++) {
      scheduler.runNext();
      transport.last().refuse();
    }
    List<Double> delays = new ArrayList<>();
    List<Double> times = transport.connectTimesMillis;
    delays.add(times.get(0));
    for (int i = 1; i < times.size(); i++) {
      delays.add(times.get(i) - times.get(i - 1));
    }
    assertThat(delays).containsExactly(0.0, 50.0, 100.0, 200.0, 400.0, 500.0, 500.0);
  }

  @Test
  void minUptimeResetsRetryCount() {
    ReconnectingWebSocket socket =
        socket(
            options()
                .minReconnectionDelay(ms(50))
                .reconnectionDelayGrowFactor(2)
                .minUptime(ms(75))
                .build());
    List<Integer> retryCounts = new ArrayList<>();
    List<Double> delays = new ArrayList<>();
    socket.onClose(
        event -> {
          retryCounts.add(socket.retryCount());
          delays.add(scheduler.nextDelayMillis());
        });
    long[] uptimes = {20, 40, 60, 80, 100, 120};
    for (long uptime : uptimes) {
      scheduler.runNext();
      FakeTransport.Connection connection = transport.last().open();
      scheduler.advance(ms(uptime));
      connection.drop();
    }
    assertThat(delays).containsExactly(50.0, 100.0, 200.0, 50.0, 50.0, 50.0);
    assertThat(retryCounts).containsExactly(1, 2, 3, 1, 1, 1);
  }

  @Test
  void firstRetryAfterLongConnectionWaitsMinDelay() {
    ReconnectingWebSocket socket = openSocket(options().build());
    scheduler.advance(ms(60_000));
    transport.last().connection.drop();

    assertThat(scheduler.nextDelayMillis()).isEqualTo(1000.0);
    assertThat(socket.retryCount()).isEqualTo(1);
  }

  @Test
  void unsetMinDelayIsDrawnPerSocket() {
    WebSocketOptions first =
        options().minReconnectionDelay(null).random(new SplittableRandom(1)).build();
    WebSocketOptions second =
        options().minReconnectionDelay(null).random(new SplittableRandom(2)).build();
    double delayOne = firstRetryDelay(first);
    double delayTwo = firstRetryDelay(second);

    assertThat(delayOne).isBetween(1000.0, 5000.0);
    assertThat(delayTwo).isBetween(1000.0, 5000.0);
    assertThat(delayOne).isNotEqualTo(delayTwo);
    assertThat(delayOne)
        .isCloseTo(1000 + new SplittableRandom(1).nextDouble() * 4000, within(1e-5));
  }

  private double firstRetryDelay(WebSocketOptions options) {
    ReconnectingWebSocket socket = socket(options);
    scheduler.runNext();
    transport.last().refuse();
    double delay = scheduler.nextDelayMillis();
    socket.close();
    return delay;
  }

  @Test
  void reconnectDuringBackoffKeepsTimer() {
    ReconnectingWebSocket socket = openSocket(options().minReconnectionDelay(ms(300)).build());
    scheduler.advance(ms(16));
    transport.last().connection.drop();
    scheduler.advance(ms(51));
    int attemptsBefore = transport.attempts.size();

    socket.reconnect();

    assertThat(socket.retryCount()).isZero();
    assertThat(scheduler.nextDelayMillis()).isEqualTo(249.0);
    scheduler.advance(ms(248));
    assertThat(transport.attempts).hasSize(attemptsBefore);
    scheduler.advance(ms(1));
    assertThat(transport.attempts).hasSize(attemptsBefore + 1);
  }

  @Test
  void maxRetriesZeroNeverReconnects() {
    assertAttemptsThenGiveUp(0, 1);
  }

  @Test
  void maxRetriesOneAllowsOneRetry() {
    assertAttemptsThenGiveUp(1, 2);
  }

  @Test
  void maxRetriesFiveAllowsFiveRetries() {
    assertAttemptsThenGiveUp(5, 6);
  }

  private void assertAttemptsThenGiveUp(int maxRetries, int expectedAttempts) {
    ReconnectingWebSocket socket =
        socket(options().maxRetries(maxRetries).minReconnectionDelay(ms(10)).build());
    EventRecorder recorder = new EventRecorder(socket);
    for (int i = 0; i < 20 && scheduler.runNext(); i++) {
      transport.last().refuse();
    }
    assertThat(transport.attempts).hasSize(expectedAttempts);
    List<GiveUpEvent> giveUps = recorder.of(GiveUpEvent.class);
    assertThat(giveUps).hasSize(1);
    assertThat(giveUps.get(0).reason()).isEqualTo(GiveUpEvent.Reason.MAX_RETRIES_EXHAUSTED);
    assertThat(giveUps.get(0).attempts()).isEqualTo(expectedAttempts);
    assertThat(socket.shouldReconnect()).isFalse();
    assertThat(socket.readyState()).isEqualTo(ReconnectingWebSocket.CLOSED);
    assertThat(recorder.types()).last().isEqualTo("giveup");
  }

  @Test
  void reconnectWorksAfterMaxRetriesExhausted() {
    ReconnectingWebSocket socket =
        socket(options().maxRetries(1).minReconnectionDelay(ms(10)).build());
    for (int i = 0; i < 5 && scheduler.runNext(); i++) {
      transport.last().refuse();
    }
    assertThat(transport.attempts).hasSize(2);

    socket.reconnect();
    scheduler.runDue();

    assertThat(transport.attempts).hasSize(3);
    assertThat(socket.shouldReconnect()).isTrue();
    transport.last().open();
    assertThat(socket.readyState()).isEqualTo(ReconnectingWebSocket.OPEN);
  }

  @Test
  void flappingServerExhaustsRetries() {
    ReconnectingWebSocket socket =
        socket(options().maxRetries(2).minReconnectionDelay(ms(10)).minUptime(ms(100)).build());
    for (int i = 0; i < 10 && scheduler.runNext(); i++) {
      FakeTransport.Connection connection = transport.last().open();
      scheduler.advance(ms(5));
      connection.drop();
    }
    assertThat(transport.attempts).hasSize(3);
    assertThat(socket.shouldReconnect()).isFalse();
  }
}
