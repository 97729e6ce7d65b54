package io.partysocket.tck;

import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the events of one {@link ReconnectingWebSocket} in delivery order, each with the time it
 * was delivered on the {@link System#nanoTime()} clock, and waits for them with deadlines. It
 * leaves message events out, so runs with many messages keep little.
 *
 * <p>Thread-safe.
 */
final class SocketRecorder {

  /** One delivered event and when it was delivered. */
  record Entry(WebSocketEvent event, long nanos) {}

  private static final List<EventType<?>> LIFECYCLE =
      List.of(
          EventType.ATTEMPT, EventType.OPEN, EventType.ERROR, EventType.CLOSE, EventType.GIVE_UP);

  // Guarded by this.
  private final List<Entry> entries = new ArrayList<>();

  private SocketRecorder() {}

  /** Returns a recorder of every event type but messages, listening to {@code socket}. */
  static SocketRecorder attach(ReconnectingWebSocket socket) {
    SocketRecorder recorder = new SocketRecorder();
    for (EventType<?> type : LIFECYCLE) {
      socket.addEventListener(type, recorder::record);
    }
    return recorder;
  }

  private synchronized void record(WebSocketEvent event) {
    entries.add(new Entry(event, System.nanoTime()));
    notifyAll();
  }

  /** Returns the entries of one type, in delivery order. */
  synchronized <E extends WebSocketEvent> List<Entry> entries(EventType<E> type) {
    return entries.stream().filter(entry -> type.eventClass().isInstance(entry.event())).toList();
  }

  /** Returns the events of one type, in delivery order. */
  <E extends WebSocketEvent> List<E> events(EventType<E> type) {
    return entries(type).stream().map(entry -> type.eventClass().cast(entry.event())).toList();
  }

  /** Returns the number of events of one type so far. */
  int count(EventType<?> type) {
    return entries(type).size();
  }

  /**
   * Waits for the {@code n}-th event of {@code type}, counting from 1, and returns its entry.
   *
   * @throws AssertionError if fewer than {@code n} arrive within {@code timeout}
   */
  synchronized Entry awaitEntry(EventType<?> type, int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Entry> matching = entries(type);
      if (matching.size() >= n) {
        return matching.get(n - 1);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "expected "
                + type
                + " event #"
                + n
                + " within "
                + timeout.toMillis()
                + " ms but saw "
                + matching.size()
                + "; events: "
                + describe());
      }
      waitNanos(left);
    }
  }

  /**
   * Waits for the {@code n}-th event of {@code type}, counting from 1, and returns it.
   *
   * @throws AssertionError if fewer than {@code n} arrive within {@code timeout}
   */
  <E extends WebSocketEvent> E await(EventType<E> type, int n, Duration timeout) {
    return type.eventClass().cast(awaitEntry(type, n, timeout).event());
  }

  /** Returns whether an {@code n}-th event of {@code type} arrives within {@code window}. */
  synchronized boolean arrivesWithin(EventType<?> type, int n, Duration window) {
    long deadline = System.nanoTime() + window.toNanos();
    while (entries(type).size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      waitNanos(left);
    }
    return true;
  }

  /** Returns the event types in delivery order, such as {@code [attempt, error, close]}. */
  synchronized List<String> typeNames() {
    List<String> names = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      names.add(typeName(entry.event()));
    }
    return names;
  }

  /** Describes the recorded events for failure messages; never includes message contents. */
  synchronized String describe() {
    return entries.stream().map(entry -> String.valueOf(entry.event())).toList().toString();
  }

  private static String typeName(WebSocketEvent event) {
    for (EventType<?> type : LIFECYCLE) {
      if (type.eventClass().isInstance(event)) {
        return type.name();
      }
    }
    return EventType.MESSAGE.name();
  }

  private void waitNanos(long nanos) {
    try {
      wait(Math.max(1, nanos / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for socket events", e);
    }
  }
}
