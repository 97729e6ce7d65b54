package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.TransportCapabilities;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ObserverTest extends EngineTestSupport {

  private final List<String> seen = new CopyOnWriteArrayList<>();

  private final SocketObserver recorder =
      new SocketObserver() {
        @Override
        public void messageWritten(long bytes) {
          seen.add("written " + bytes);
        }

        @Override
        public void messageReceived(long bytes) {
          seen.add("received " + bytes);
        }

        @Override
        public void messageUnsent(UnsentMessageException.Reason reason) {
          seen.add("unsent " + reason);
        }

        @Override
        public void heartbeatPing() {
          seen.add("ping");
        }

        @Override
        public void heartbeatPong(Duration roundTrip) {
          seen.add("pong " + roundTrip.toMillis());
        }
      };

  @Test
  void countsWrittenAndReceivedBytes() {
    ReconnectingWebSocket socket = openSocket(options().build());
    socket.addObserver(recorder);

    socket.send("héllo");
    transport.last().connection.receive("😀");
    transport.last().connection.receive(new byte[3]);

    assertThat(seen).containsExactly("written 6", "received 4", "received 3");
  }

  @Test
  void reportsEveryUnsentReason() {
    ReconnectingWebSocket socket =
        socket(options().maxEnqueuedMessages(1).overflowPolicy(OverflowPolicy.REJECT_NEW).build());
    socket.addObserver(recorder);
    socket.send("a");
    socket.send("b");
    socket.drainQueuedMessages();
    socket.send("c");
    socket.shutdown();
    socket.send("d");

    assertThat(seen)
        .containsExactly(
            "unsent QUEUE_FULL", "unsent DRAINED", "unsent SHUTDOWN", "unsent SHUTDOWN");
  }

  @Test
  void reportsDropsOfOldest() {
    ReconnectingWebSocket socket =
        socket(options().maxEnqueuedMessages(1).overflowPolicy(OverflowPolicy.DROP_OLDEST).build());
    socket.addObserver(recorder);
    socket.send("a");
    socket.send("b");

    assertThat(seen).containsExactly("unsent DROPPED");
  }

  @Test
  void measuresHeartbeatRoundTrip() {
    transport.capabilities =
        TransportCapabilities.builder().pingWithPayload(true).pongEvents(true).build();
    ReconnectingWebSocket socket =
        openSocket(options().heartbeatInterval(ms(1000)).heartbeatTimeout(ms(500)).build());
    socket.addObserver(recorder);
    scheduler.advance(ms(1000));
    scheduler.advance(ms(30));

    transport.last().connection.answerPing();

    assertThat(seen).containsExactly("ping", "pong 30");
  }

  @Test
  void throwingObserverIgnored() {
    ReconnectingWebSocket socket = openSocket(options().build());
    socket.addObserver(
        new SocketObserver() {
          @Override
          public void messageWritten(long bytes) {
            throw new IllegalStateException("observer bug");
          }
        });
    socket.addObserver(recorder);

    SendResult result = socket.send("x");

    assertThat(result.written().toCompletableFuture()).isCompleted();
    assertThat(seen).containsExactly("written 1");
  }

  @Test
  void optionsRegisterBeforeFirstAttempt() {
    List<WebSocketEvent> events = new CopyOnWriteArrayList<>();
    ReconnectingWebSocket socket =
        socket(
            options()
                .addEventListener(EventType.ATTEMPT, events::add)
                .addEventListener(EventType.OPEN, events::add)
                .addObserver(recorder)
                .build());
    scheduler.runDue();
    transport.last().open();
    socket.send("x");

    assertThat(events).hasSize(2);
    assertThat(events.get(0)).isInstanceOf(AttemptEvent.class);
    assertThat(events.get(1)).isInstanceOf(OpenEvent.class);
    assertThat(seen).containsExactly("written 1");
  }

  @Test
  void queuedCountFollowsQueue() {
    ReconnectingWebSocket socket = socket(options().build());
    socket.send("a");
    socket.send("b");

    assertThat(socket.queuedMessageCount()).isEqualTo(2);
    scheduler.runDue();
    transport.last().open();
    assertThat(socket.queuedMessageCount()).isZero();
  }
}
