package io.partysocket.tck.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The ordered record of one server-side connection, with waits that fail as assertions. Nothing is
 * recorded after the {@link ServerEvent.TcpEnd}. Thread-safe.
 */
final class EventLog {

  private final String owner;

  // Guarded by this.
  private final List<ServerEvent> events = new ArrayList<>();
  private boolean ended;

  EventLog(String owner) {
    this.owner = owner;
  }

  synchronized void record(ServerEvent event) {
    if (!ended) {
      events.add(event);
      notifyAll();
    }
  }

  /** Records the end of the connection; returns false if it was already recorded. */
  synchronized boolean end(ServerEvent.How how) {
    if (ended) {
      return false;
    }
    events.add(new ServerEvent.TcpEnd(how));
    ended = true;
    notifyAll();
    return true;
  }

  synchronized boolean ended() {
    return ended;
  }

  synchronized List<ServerEvent> snapshot() {
    return List.copyOf(events);
  }

  <T extends ServerEvent> List<T> ofType(Class<T> type) {
    List<T> matching = new ArrayList<>();
    for (ServerEvent event : snapshot()) {
      if (type.isInstance(event)) {
        matching.add(type.cast(event));
      }
    }
    return matching;
  }

  <T extends ServerEvent> List<T> awaitCount(Class<T> type, int count, Duration timeout) {
    awaitCondition(
        () -> ofType(type).size() >= count,
        timeout,
        () -> count + " " + type.getSimpleName() + " event(s)");
    return ofType(type).subList(0, count);
  }

  ServerEvent awaitMatch(Predicate<ServerEvent> condition, Duration timeout) {
    awaitCondition(
        () -> snapshot().stream().anyMatch(condition),
        timeout,
        () -> "an event matching the condition");
    return snapshot().stream().filter(condition).findFirst().orElseThrow();
  }

  private synchronized void awaitCondition(
      BooleanSupplier condition, Duration timeout, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            owner
                + " did not record "
                + what.get()
                + " within "
                + timeout.toMillis()
                + " ms; recorded: "
                + events);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what.get(), e);
      }
    }
  }
}
