package io.partysocket;

import static io.partysocket.ReconnectingWebSocket.CLOSED;
import static io.partysocket.ReconnectingWebSocket.CLOSING;
import static io.partysocket.ReconnectingWebSocket.CONNECTING;
import static io.partysocket.ReconnectingWebSocket.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionLifecycleTest extends EngineTestSupport {

  @Test
  void refusedAttemptSendsErrorThenClose() {
    ReconnectingWebSocket socket = socket(options().build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();
    transport.last().refuse();

    assertThat(recorder.types()).containsExactly("error", "close");
    CloseEvent close = recorder.of(CloseEvent.class).get(0);
    assertThat(close.code()).isEqualTo(1006);
    assertThat(close.wasClean()).isFalse();
    assertThat(close.reason()).isEqualTo("refused");
    ErrorEvent error = recorder.of(ErrorEvent.class).get(0);
    assertThat(error.cause()).isInstanceOf(ConnectFailedException.class);
    assertThat(((ConnectFailedException) error.cause()).kind())
        .isEqualTo(ConnectFailedException.Kind.REFUSED);
    assertThat(recorder.seen.get(0).retryCount()).isEqualTo(1);
    assertThat(recorder.seen.get(1).readyState()).isEqualTo(CLOSED);
  }

  @Test
  void rejectedHandshakeShowsStatus() {
    ReconnectingWebSocket socket = socket(options().build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();
    transport.last().reject(403);

    ErrorEvent error = recorder.of(ErrorEvent.class).get(0);
    assertThat(error.httpStatus()).isEqualTo(403);
    assertThat(((ConnectFailedException) error.cause()).responseHeader("x-test")).isEqualTo("yes");
    assertThat(recorder.of(CloseEvent.class).get(0).reason()).isEqualTo("HTTP 403");
  }

  @Test
  void stalledHandshakeTimesOutThenRetries() {
    ReconnectingWebSocket socket =
        socket(options().connectionTimeout(ms(150)).minReconnectionDelay(ms(100)).build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();
    FakeTransport.Attempt stalled = transport.last();

    scheduler.advance(ms(149));
    assertThat(recorder.seen).isEmpty();
    scheduler.advance(ms(1));

    assertThat(recorder.types()).containsExactly("error", "close");
    ErrorEvent error = recorder.of(ErrorEvent.class).get(0);
    assertThat(((ConnectFailedException) error.cause()).kind())
        .isEqualTo(ConnectFailedException.Kind.HANDSHAKE_TIMEOUT);
    assertThat(error.message()).contains("150 ms");
    assertThat(recorder.of(CloseEvent.class).get(0).reason()).isEqualTo("timeout");
    assertThat(stalled.cancelled()).isTrue();
    scheduler.advance(ms(100));
    assertThat(transport.attempts).hasSize(2);
  }

  @Test
  void fastFailureNeverTimesOut() {
    ReconnectingWebSocket socket =
        socket(options().connectionTimeout(ms(150)).minReconnectionDelay(ms(1000)).build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();
    transport.last().refuse();
    scheduler.advance(ms(500));

    assertThat(recorder.of(ErrorEvent.class)).hasSize(1);
  }

  @Test
  void lateOpenAfterTimeoutIsClosed() {
    socket(options().connectionTimeout(ms(150)).build());
    scheduler.runDue();
    FakeTransport.Attempt stalled = transport.last();
    scheduler.advance(ms(150));
    stalled.stage.obtrudeValue(null);
    FakeTransport.Connection late = transport.new Connection(stalled, null);

    stalled.listener.onOpen(late);

    assertThat(late.closeCode).isEqualTo(1000);
  }

  @Test
  void serverCloseCarriesCodeAndReason() {
    ReconnectingWebSocket socket = openSocket(options().build());
    EventRecorder recorder = new EventRecorder(socket);
    transport.last().connection.serverClose(4001, "bye");

    CloseEvent close = recorder.of(CloseEvent.class).get(0);
    assertThat(close.code()).isEqualTo(4001);
    assertThat(close.reason()).isEqualTo("bye");
    assertThat(close.wasClean()).isTrue();
    assertThat(close.remote()).isTrue();
    assertThat(recorder.seen.get(0).retryCount()).isEqualTo(1);
    assertThat(recorder.seen.get(0).readyState()).isEqualTo(CLOSED);
  }

  @Test
  void droppedConnectionShows1006() {
    ReconnectingWebSocket socket = openSocket(options().build());
    EventRecorder recorder = new EventRecorder(socket);
    transport.last().connection.drop();

    CloseEvent close = recorder.of(CloseEvent.class).get(0);
    assertThat(close.code()).isEqualTo(1006);
    assertThat(close.wasClean()).isFalse();
    assertThat(close.cause()).isNotNull();
    assertThat(recorder.types()).containsExactly("close");
  }

  @Test
  void closeBeforeFirstAttempt() {
    ReconnectingWebSocket socket = socket(options().build());
    EventRecorder recorder = new EventRecorder(socket);
    assertThat(socket.readyState()).isEqualTo(CONNECTING);

    socket.close();

    assertThat(recorder.types()).containsExactly("close");
    assertThat(socket.readyState()).isEqualTo(CLOSED);
    scheduler.advance(ms(10_000));
    assertThat(transport.attempts).isEmpty();
    assertThat(recorder.seen).hasSize(1);
  }

  @Test
  void closeWhileConnecting() {
    ReconnectingWebSocket socket = socket(options().build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();
    FakeTransport.Attempt attempt = transport.last();

    socket.close(4000, "leaving");

    assertThat(recorder.types()).containsExactly("close");
    CloseEvent close = recorder.of(CloseEvent.class).get(0);
    assertThat(close.code()).isEqualTo(4000);
    assertThat(close.reason()).isEqualTo("leaving");
    assertThat(attempt.cancelled()).isTrue();
    assertThat(socket.readyState()).isEqualTo(CLOSED);
    scheduler.advance(ms(10_000));
    assertThat(transport.attempts).hasSize(1);
  }

  @Test
  void closeDuringBackoffSendsNoEvent() {
    ReconnectingWebSocket socket = openSocket(options().build());
    transport.last().connection.drop();
    EventRecorder recorder = new EventRecorder(socket);
    assertThat(socket.readyState()).isEqualTo(CLOSED);

    socket.close();

    assertThat(recorder.seen).isEmpty();
    assertThat(socket.readyState()).isEqualTo(CLOSED);
    scheduler.advance(ms(10_000));
    assertThat(transport.attempts).hasSize(1);
  }

  @Test
  void closeWhileOpenIsSynchronous() {
    ReconnectingWebSocket socket = openSocket(options().build());
    EventRecorder recorder = new EventRecorder(socket);
    FakeTransport.Connection connection = transport.last().connection;

    socket.close(1000, "done");

    assertThat(recorder.types()).containsExactly("close");
    assertThat(recorder.seen.get(0).readyState()).isEqualTo(CLOSED);
    assertThat(connection.closeCode).isEqualTo(1000);
    assertThat(connection.closeReason).isEqualTo("done");
    assertThat(socket.shouldReconnect()).isFalse();
    scheduler.advance(ms(60_000));
    assertThat(transport.attempts).hasSize(1);
  }

  @Test
  void lateCallbacksAfterCloseIgnored() {
    ReconnectingWebSocket socket = openSocket(options().build());
    FakeTransport.Connection connection = transport.last().connection;
    socket.close();
    EventRecorder recorder = new EventRecorder(socket);

    connection.receive("late");
    connection.serverClose(1000, "");

    assertThat(recorder.seen).isEmpty();
  }

  @Test
  void closeInsideCloseListenerSendsOneEvent() {
    ReconnectingWebSocket socket = openSocket(options().build());
    List<CloseEvent> closes = new ArrayList<>();
    socket.addEventListener(
        EventType.CLOSE,
        event -> {
          closes.add(event);
          socket.close();
        });

    socket.close();

    assertThat(closes).hasSize(1);
  }

  @Test
  void reconnectAfterCloseSendsNoSecondClose() {
    ReconnectingWebSocket socket = openSocket(options().build());
    EventRecorder recorder = new EventRecorder(socket);

    socket.close();
    socket.reconnect();

    assertThat(recorder.types()).containsExactly("close");
    assertThat(scheduler.nextDelayMillis()).isZero();
    scheduler.runDue();
    assertThat(transport.attempts).hasSize(2);
  }

  @Test
  void reconnectWhileOpen() {
    ReconnectingWebSocket socket = openSocket(options().build());
    EventRecorder recorder = new EventRecorder(socket);
    FakeTransport.Connection old = transport.last().connection;

    socket.reconnect(4000, "switch");

    assertThat(recorder.types()).containsExactly("close");
    CloseEvent close = recorder.of(CloseEvent.class).get(0);
    assertThat(close.code()).isEqualTo(4000);
    assertThat(close.reason()).isEqualTo("switch");
    assertThat(socket.readyState()).isEqualTo(CLOSING);
    assertThat(socket.retryCount()).isZero();
    assertThat(old.closeCode).isEqualTo(4000);
    assertThat(scheduler.nextDelayMillis()).isZero();
    scheduler.runDue();
    assertThat(socket.readyState()).isEqualTo(CONNECTING);
    transport.last().open();
    assertThat(socket.readyState()).isEqualTo(OPEN);
  }

  @Test
  void staleConnectionIgnoredAfterReconnect() {
    ReconnectingWebSocket socket = openSocket(options().build());
    FakeTransport.Connection old = transport.last().connection;
    socket.reconnect();
    scheduler.runDue();
    transport.last().open();
    EventRecorder recorder = new EventRecorder(socket);

    old.receive("stale");
    old.drop();

    assertThat(recorder.seen).isEmpty();
    assertThat(socket.readyState()).isEqualTo(OPEN);
  }

  @Test
  void predicateStopsReconnecting() {
    ReconnectingWebSocket socket =
        openSocket(options().shouldReconnectOnClose(event -> event.code() != 4000).build());
    EventRecorder recorder = new EventRecorder(socket);
    transport.last().connection.serverClose(4000, "go away");

    assertThat(recorder.types()).containsExactly("close", "giveup");
    assertThat(recorder.of(GiveUpEvent.class).get(0).reason())
        .isEqualTo(GiveUpEvent.Reason.SHOULD_RECONNECT_ON_CLOSE);
    assertThat(recorder.of(GiveUpEvent.class).get(0).lastClose().code()).isEqualTo(4000);
    assertThat(socket.shouldReconnect()).isFalse();
    scheduler.advance(ms(60_000));
    assertThat(transport.attempts).hasSize(1);
  }

  @Test
  void explicitReconnectIgnoresPredicate() {
    ReconnectingWebSocket socket =
        openSocket(options().shouldReconnectOnClose(event -> event.code() != 1000).build());

    socket.reconnect();
    scheduler.runDue();

    assertThat(transport.attempts).hasSize(2);
    assertThat(socket.shouldReconnect()).isTrue();
  }

  @Test
  void startClosedWaitsForReconnect() {
    ReconnectingWebSocket socket = socket(options().startClosed(true).build());
    assertThat(socket.readyState()).isEqualTo(CLOSED);
    assertThat(socket.shouldReconnect()).isFalse();
    assertThat(socket.retryCount()).isZero();
    scheduler.advance(ms(10_000));
    assertThat(transport.attempts).isEmpty();

    socket.reconnect();
    assertThat(socket.readyState()).isEqualTo(CLOSED);
    assertThat(scheduler.nextDelayMillis()).isZero();
    scheduler.runDue();

    assertThat(transport.attempts).hasSize(1);
    assertThat(socket.readyState()).isEqualTo(CONNECTING);
  }

  @Test
  void gettersKeepLastConnectionValues() {
    ReconnectingWebSocket socket = socket(options().build());
    assertThat(socket.url()).isEmpty();
    assertThat(socket.protocol()).isEmpty();
    scheduler.runDue();
    transport.last().open("chat");

    assertThat(socket.url()).isEqualTo(URL);
    assertThat(socket.protocol()).isEqualTo("chat");
    transport.last().connection.drop();
    assertThat(socket.url()).isEqualTo(URL);
    assertThat(socket.protocol()).isEqualTo("chat");
  }

  @Test
  void readyStateThroughLifecycle() {
    ReconnectingWebSocket socket = socket(options().build());
    List<Integer> states = new ArrayList<>();
    states.add(socket.readyState());
    scheduler.runDue();
    states.add(socket.readyState());
    FakeTransport.Connection connection = transport.last().open();
    states.add(socket.readyState());
    connection.drop();
    states.add(socket.readyState());
    scheduler.runNext();
    states.add(socket.readyState());
    transport.last().open();
    states.add(socket.readyState());
    socket.close();
    states.add(socket.readyState());

    assertThat(states)
        .containsExactly(CONNECTING, CONNECTING, OPEN, CLOSED, CONNECTING, OPEN, CLOSED);
  }
}
