package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventsTest extends EngineTestSupport {

  @Test
  void handlerRunsBeforeListenersWithSameEvent() {
    ReconnectingWebSocket socket = socket(options().build());
    List<Object> calls = new ArrayList<>();
    socket.addEventListener(EventType.OPEN, event -> calls.add(event));
    socket.onOpen(event -> calls.add("handler"));
    socket.addEventListener(EventType.OPEN, event -> calls.add(event));
    scheduler.runDue();
    transport.last().open();

    assertThat(calls).hasSize(3);
    assertThat(calls.get(0)).isEqualTo("handler");
    assertThat(calls.get(1)).isSameAs(calls.get(2));
  }

  @Test
  void sameEventObjectForBothLevels() {
    ReconnectingWebSocket socket = openSocket(options().build());
    List<CloseEvent> seen = new ArrayList<>();
    socket.onClose(seen::add);
    socket.addEventListener(EventType.CLOSE, seen::add);
    transport.last().connection.serverClose(4001, "");

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isSameAs(seen.get(1));
  }

  @Test
  void duplicateListenerRunsOnce() {
    ReconnectingWebSocket socket = socket(options().build());
    List<OpenEvent> seen = new ArrayList<>();
    Consumer<OpenEvent> listener = seen::add;
    socket.addEventListener(EventType.OPEN, listener);
    socket.addEventListener(EventType.OPEN, listener);
    scheduler.runDue();
    transport.last().open();

    assertThat(seen).hasSize(1);
  }

  @Test
  void onceListenerRunsOnce() {
    ReconnectingWebSocket socket = openSocket(options().build());
    List<MessageEvent> seen = new ArrayList<>();
    socket.addEventListener(EventType.MESSAGE, seen::add, true);
    transport.last().connection.receive("a");
    transport.last().connection.receive("b");

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).text()).isEqualTo("a");
  }

  @Test
  void removedListenerStops() {
    ReconnectingWebSocket socket = openSocket(options().build());
    List<MessageEvent> seen = new ArrayList<>();
    Consumer<MessageEvent> listener = seen::add;
    socket.addEventListener(EventType.MESSAGE, listener);
    transport.last().connection.receive("a");
    socket.removeEventListener(EventType.MESSAGE, listener);
    socket.removeEventListener(EventType.MESSAGE, listener);
    transport.last().connection.receive("b");

    assertThat(seen).hasSize(1);
  }

  @Test
  void throwingHandlerChangesNothingElse() {
    ReconnectingWebSocket socket = openSocket(options().minReconnectionDelay(ms(10)).build());
    List<Object> seen = new ArrayList<>();
    socket.onClose(
        event -> {
          throw new IllegalStateException("handler failed");
        });
    socket.addEventListener(
        EventType.CLOSE,
        event -> {
          throw new IllegalStateException("listener failed");
        });
    socket.addEventListener(EventType.CLOSE, seen::add);
    transport.last().connection.drop();

    assertThat(seen).hasSize(1);
    scheduler.runNext();
    assertThat(transport.attempts).hasSize(2);
  }

  @Test
  void binaryMessageIsReadOnly() {
    ReconnectingWebSocket socket = openSocket(options().build());
    List<MessageEvent> seen = new ArrayList<>();
    socket.onMessage(seen::add);
    transport.last().connection.receive(new byte[] {7, 8, 9});

    MessageEvent message = seen.get(0);
    assertThat(message.isText()).isFalse();
    assertThat(message.bytes()).containsExactly(7, 8, 9);
    ByteBuffer view = message.binary();
    assertThatThrownBy(() -> view.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
    view.get();
    assertThat(message.binary().position()).isZero();
    assertThatThrownBy(message::text).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void messagesFollowOpenEvent() {
    ReconnectingWebSocket socket = socket(options().build());
    EventRecorder recorder = new EventRecorder(socket);
    scheduler.runDue();
    FakeTransport.Connection connection = transport.last().open();
    connection.receive("one");
    connection.drop();

    assertThat(recorder.types()).containsExactly("open", "message", "close");
  }

  @Test
  void listenerAddedAfterCloseMissesIt() {
    ReconnectingWebSocket socket = openSocket(options().build());
    socket.close();
    List<CloseEvent> seen = new ArrayList<>();
    socket.addEventListener(EventType.CLOSE, seen::add);

    assertThat(seen).isEmpty();
  }

  @Test
  void eventToStringHidesContent() {
    assertThat(MessageEvent.text("secret").toString()).doesNotContain("secret");
    assertThat(new OpenEvent("ws://h/p?token=abc", "", List.of()).toString())
        .doesNotContain("abc")
        .contains("token=<redacted>");
  }
}
