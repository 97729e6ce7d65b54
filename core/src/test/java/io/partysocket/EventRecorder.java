package io.partysocket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event of a socket through Level 2 listeners, with the state seen in each. */
final class EventRecorder {

  /** One delivered event with the socket's retry count and ready state at delivery. */
  record Seen(WebSocketEvent event, int retryCount, int readyState) {}

  final List<Seen> seen = new CopyOnWriteArrayList<>();

  EventRecorder(ReconnectingWebSocket socket) {
    socket.addEventListener(EventType.OPEN, e -> seen.add(seen(socket, e)));
    socket.addEventListener(EventType.MESSAGE, e -> seen.add(seen(socket, e)));
    socket.addEventListener(EventType.CLOSE, e -> seen.add(seen(socket, e)));
    socket.addEventListener(EventType.ERROR, e -> seen.add(seen(socket, e)));
    socket.addEventListener(EventType.GIVE_UP, e -> seen.add(seen(socket, e)));
  }

  private static Seen seen(ReconnectingWebSocket socket, WebSocketEvent event) {
    return new Seen(event, socket.retryCount(), socket.readyState());
  }

  /** Returns the event types in order, as short names: open, message, close, error, giveup. */
  List<String> types() {
    List<String> types = new ArrayList<>();
    for (Seen s : seen) {
      types.add(EventType.of(s.event()).name());
    }
    return types;
  }

  /** Returns the events of one class in order. */
  <E extends WebSocketEvent> List<E> of(Class<E> type) {
    List<E> events = new ArrayList<>();
    for (Seen s : seen) {
      if (type.isInstance(s.event())) {
        events.add(type.cast(s.event()));
      }
    }
    return events;
  }

  /** Returns the states seen with the events of one class, in order. */
  List<Seen> seenOf(Class<? extends WebSocketEvent> type) {
    List<Seen> result = new ArrayList<>();
    for (Seen s : seen) {
      if (type.isInstance(s.event())) {
        result.add(s);
      }
    }
    return result;
  }

  void clear() {
    seen.clear();
  }
}
