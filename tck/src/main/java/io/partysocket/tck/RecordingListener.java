package io.partysocket.tck;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A {@link ConnectionListener} that records every callback in order and checks the listener
 * contract as it goes: callbacks never overlap, {@code onOpen} comes first, nothing follows {@code
 * onClosed}, and no callback runs on the stack of a call made through {@link GuardedConnection}.
 * Broken rules are collected in {@link #violations()} rather than thrown, because a throw would
 * land in the transport's thread.
 *
 * <p>Thread-safe.
 */
public final class RecordingListener implements ConnectionListener {

  /** One recorded callback. */
  public sealed interface Event {}

  /** {@code onOpen}. */
  public record Opened(WebSocketConnection connection) implements Event {}

  /** {@code onText}. */
  public record Text(String text) implements Event {}

  /**
   * {@code onBinary}.
   *
   * @param data the buffer as the transport passed it
   * @param copy a copy of its remaining bytes taken during the callback
   */
  public record Binary(ByteBuffer data, byte[] copy) implements Event {}

  /** {@code onPing}, with a copy of the payload. */
  public record Ping(byte[] payload) implements Event {}

  /** {@code onPong}, with a copy of the payload. */
  public record Pong(byte[] payload) implements Event {}

  /** {@code onClosed}. */
  public record Closed(CloseInfo info) implements Event {}

  private final AtomicInteger inside = new AtomicInteger();

  // Guarded by this.
  private final List<Event> events = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private Consumer<Event> hook = event -> {};

  /** Creates a listener that has recorded nothing. */
  public RecordingListener() {}

  /**
   * Sets code to run inside each callback after it was recorded, for example to make callbacks
   * slower; exceptions it throws are recorded as violations.
   */
  public synchronized RecordingListener hook(Consumer<Event> code) {
    this.hook = code;
    return this;
  }

  @Override
  public void onOpen(WebSocketConnection connection) {
    handle("onOpen", new Opened(connection));
  }

  @Override
  public void onText(String text) {
    handle("onText", new Text(text));
  }

  @Override
  public void onBinary(ByteBuffer data) {
    byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    handle("onBinary", new Binary(data, copy));
  }

  @Override
  public void onPing(ByteBuffer payload) {
    handle("onPing", new Ping(copyOf(payload)));
  }

  @Override
  public void onPong(ByteBuffer payload) {
    handle("onPong", new Pong(copyOf(payload)));
  }

  @Override
  public void onClosed(CloseInfo info) {
    handle("onClosed", new Closed(info));
  }

  private void handle(String callback, Event event) {
    if (inside.incrementAndGet() > 1) {
      violation(callback + " overlapped another callback of the same connection");
    }
    try {
      String call = GuardedConnection.currentCall();
      if (call != null) {
        violation(callback + " ran on the stack of " + call);
      }
      Consumer<Event> code;
      synchronized (this) {
        if (!events.isEmpty() && events.get(events.size() - 1) instanceof Closed) {
          violations.add(callback + " came after onClosed");
        }
        if (event instanceof Opened && !events.isEmpty()) {
          violations.add("onOpen came after " + events.size() + " other callback(s)");
        }
        if (!(event instanceof Opened) && events.isEmpty()) {
          violations.add(callback + " came before onOpen");
        }
        events.add(event);
        threads.add(Thread.currentThread());
        code = hook;
        notifyAll();
      }
      code.accept(event);
    } catch (RuntimeException | AssertionError e) {
      violation("hook failed in " + callback + ": " + e);
    } finally {
      inside.decrementAndGet();
    }
  }

  private synchronized void violation(String description) {
    violations.add(description);
  }

  /** Returns the broken contract rules seen so far. */
  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  /** Returns a snapshot of the recorded callbacks. */
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /**
   * Returns the threads that ran each recorded callback, in the same order as {@link #events()}.
   */
  public synchronized List<Thread> threads() {
    return List.copyOf(threads);
  }

  /** Returns the recorded callbacks of one type. */
  public <T extends Event> List<T> events(Class<T> type) {
    return events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Returns the received text messages. */
  public List<String> texts() {
    return events(Text.class).stream().map(Text::text).toList();
  }

  /** Returns the received binary messages as copies taken during the callbacks. */
  public List<byte[]> binaries() {
    return events(Binary.class).stream().map(Binary::copy).toList();
  }

  /** Returns how many times {@code onClosed} was called. */
  public int closedCount() {
    return events(Closed.class).size();
  }

  /** Returns whether {@code onClosed} was called. */
  public boolean closed() {
    return closedCount() > 0;
  }

  /**
   * Waits for {@code onClosed} and returns its information.
   *
   * @throws AssertionError if it is not called within {@code timeout}
   */
  public CloseInfo awaitClosed(Duration timeout) {
    return awaitCount(Closed.class, 1, timeout).get(0).info();
  }

  /** Waits for {@code count} text messages and returns them all. */
  public List<String> awaitTexts(int count, Duration timeout) {
    return awaitCount(Text.class, count, timeout).stream().map(Text::text).toList();
  }

  /** Waits for {@code count} binary messages and returns copies of them. */
  public List<byte[]> awaitBinaries(int count, Duration timeout) {
    return awaitCount(Binary.class, count, timeout).stream().map(Binary::copy).toList();
  }

  /** Waits for {@code count} pongs and returns their payloads. */
  public List<byte[]> awaitPongs(int count, Duration timeout) {
    return awaitCount(Pong.class, count, timeout).stream().map(Pong::payload).toList();
  }

  /**
   * Waits until at least {@code count} callbacks of {@code type} were recorded and returns the
   * first {@code count}.
   *
   * @throws AssertionError if fewer arrive within {@code timeout}
   */
  public <T extends Event> List<T> awaitCount(Class<T> type, int count, Duration timeout) {
    awaitMatch(
        events -> events.stream().filter(type::isInstance).count() >= count,
        timeout,
        count + " " + type.getSimpleName() + " callback(s)");
    return events(type).subList(0, count);
  }

  /**
   * Returns whether a callback of {@code type} arrives within {@code window}; use it to show that
   * something does not happen.
   */
  public boolean arrivesWithin(Class<? extends Event> type, int count, Duration window) {
    try {
      awaitCount(type, count, window);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  private synchronized void awaitMatch(
      Predicate<List<Event>> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(events)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "listener did not receive "
                + what
                + " within "
                + timeout.toMillis()
                + " ms; received "
                + describe(events));
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  private static String describe(List<Event> events) {
    List<String> names = new ArrayList<>();
    for (Event event : events) {
      if (event instanceof Text text) {
        names.add("Text[length=" + text.text().length() + "]");
      } else if (event instanceof Binary binary) {
        names.add("Binary[length=" + binary.copy().length + "]");
      } else if (event instanceof Closed closed) {
        names.add("Closed" + describe(closed.info()));
      } else {
        names.add(event.getClass().getSimpleName());
      }
    }
    return names.toString();
  }

  /** Returns close information without the reason text, which may come from the server. */
  static String describe(CloseInfo info) {
    return "[code="
        + info.code()
        + ", remote="
        + info.remote()
        + ", clean="
        + info.clean()
        + ", cause="
        + (info.cause() == null ? "none" : info.cause().getClass().getName())
        + "]";
  }

  private static byte[] copyOf(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return copy;
  }
}
