package io.partysocket;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The Level 0 handlers and Level 2 listeners of one socket, and the serial delivery of its events.
 *
 * <p>Events are queued in the order the engine produces them and delivered by whichever thread
 * calls {@link #deliverPending()} first; other threads return at once and leave the work to it. So
 * events are delivered one at a time, in order, never concurrently, and never while the engine lock
 * is held. Thread-safe.
 */
final class EventListeners {

  private static final System.Logger LOGGER =
      System.getLogger(ReconnectingWebSocket.class.getName());

  /** Level 0 handlers by event type. */
  private final Map<EventType<?>, Consumer<?>> handlers = new ConcurrentHashMap<>();

  /** Level 2 listeners in the order added. */
  private final CopyOnWriteArrayList<Registration> listeners = new CopyOnWriteArrayList<>();

  private final ConcurrentLinkedQueue<WebSocketEvent> pending = new ConcurrentLinkedQueue<>();

  /** True while one thread delivers; it is the only thread that polls {@link #pending}. */
  private final AtomicBoolean delivering = new AtomicBoolean();

  <E extends WebSocketEvent> void setHandler(EventType<E> type, Consumer<? super E> handler) {
    Objects.requireNonNull(type, "type");
    if (handler == null) {
      handlers.remove(type);
    } else {
      handlers.put(type, handler);
    }
  }

  @SuppressWarnings("unchecked")
  <E extends WebSocketEvent> Consumer<? super E> handler(EventType<E> type) {
    return (Consumer<? super E>) handlers.get(Objects.requireNonNull(type, "type"));
  }

  /** Adds a listener unless the same listener is already registered for the type. */
  synchronized <E extends WebSocketEvent> boolean add(
      EventType<E> type, Consumer<? super E> listener, boolean once) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(listener, "listener");
    for (Registration registration : listeners) {
      if (registration.type == type && registration.listener == listener) {
        return false;
      }
    }
    listeners.add(new Registration(type, listener, once));
    return true;
  }

  /** Removes a listener; returns false when it was not registered for the type. */
  synchronized <E extends WebSocketEvent> boolean remove(
      EventType<E> type, Consumer<? super E> listener) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(listener, "listener");
    for (Registration registration : listeners) {
      if (registration.type == type && registration.listener == listener) {
        registration.removed = true;
        listeners.remove(registration);
        return true;
      }
    }
    return false;
  }

  /** Queues an event; the caller delivers it later with {@link #deliverPending()}. */
  void enqueue(WebSocketEvent event) {
    pending.add(event);
  }

  /**
   * Delivers queued events unless another thread is already doing so. Must not be called while
   * holding the engine lock.
   */
  void deliverPending() {
    while (!pending.isEmpty()) {
      if (!delivering.compareAndSet(false, true)) {
        return;
      }
      try {
        WebSocketEvent event;
        while ((event = pending.poll()) != null) {
          deliver(event);
        }
      } finally {
        delivering.set(false);
      }
    }
  }

  private void deliver(WebSocketEvent event) {
    EventType<?> type = EventType.of(event);
    Consumer<?> handler = handlers.get(type);
    if (handler != null) {
      invoke(handler, event, type, "handler");
    }
    for (Registration registration : listeners) {
      if (registration.type != type || registration.removed) {
        continue;
      }
      if (registration.once) {
        synchronized (this) {
          if (registration.removed) {
            continue;
          }
          registration.removed = true;
          listeners.remove(registration);
        }
      }
      invoke(registration.listener, event, type, "listener");
    }
  }

  @SuppressWarnings("unchecked")
  private static void invoke(
      Consumer<?> consumer, WebSocketEvent event, EventType<?> type, String role) {
    try {
      ((Consumer<WebSocketEvent>) consumer).accept(event);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable e) {
      // A broken listener must not break the socket or the listeners after it.
      LOGGER.log(Level.WARNING, "A " + type + " event " + role + " threw; the socket goes on", e);
    }
  }

  private static final class Registration {
    final EventType<?> type;
    final Consumer<?> listener;
    final boolean once;

    /** Set when removed, so a delivery already iterating a snapshot skips it. */
    volatile boolean removed;

    Registration(EventType<?> type, Consumer<?> listener, boolean once) {
      this.type = type;
      this.listener = listener;
      this.once = once;
    }
  }
}
