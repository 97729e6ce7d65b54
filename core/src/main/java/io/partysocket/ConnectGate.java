package io.partysocket;

import io.partysocket.spi.WebSocketFactory;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cap on connection attempts in flight, shared by the sockets that use the same gate. When a
 * server restarts and every socket reconnects at once, the attempts beyond the cap wait, in order,
 * until earlier ones open or fail, so neither the server nor the transport's thread pool sees the
 * whole herd in the same instant. An attempt counts from the transport's {@code connect} call until
 * it opens or fails; its {@code connectionTimeout} starts when it leaves the gate.
 *
 * <p>By default every socket uses {@link #forTransport(WebSocketFactory)}, one gate per transport
 * instance with a cap of {@value #DEFAULT_MAX_IN_FLIGHT}. Thread-safe.
 */
public final class ConnectGate {

  /** The cap of the default gate of each transport: 16 attempts in flight. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 16;

  private static final Map<WebSocketFactory, ConnectGate> DEFAULTS = new WeakHashMap<>();

  private final int maxInFlight;

  // Guarded by this.
  private int inFlight;
  private final ArrayDeque<Permit> waiting = new ArrayDeque<>();

  /**
   * Creates a gate.
   *
   * @param maxInFlight attempts allowed in flight at once, at least 1
   * @throws IllegalArgumentException if {@code maxInFlight} is less than 1
   */
  public ConnectGate(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1 but was " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
  }

  /** Returns the default gate of {@code factory}, created on first use. */
  public static ConnectGate forTransport(WebSocketFactory factory) {
    Objects.requireNonNull(factory, "factory");
    synchronized (DEFAULTS) {
      return DEFAULTS.computeIfAbsent(factory, key -> new ConnectGate(DEFAULT_MAX_IN_FLIGHT));
    }
  }

  /** Returns the cap. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** Returns the attempts in flight now. */
  public synchronized int inFlight() {
    return inFlight;
  }

  /** Returns the attempts waiting for a place now. */
  public synchronized int waiting() {
    return waiting.size();
  }

  /**
   * Asks for a place; {@code granted} runs once one is free: at once on this thread, or later
   * through {@code handOff} when another attempt frees a place. The hand-off keeps {@link
   * Permit#release()} free of callbacks, so it may be called with any lock held. The caller must
   * release the permit when its attempt opens, fails or is abandoned.
   */
  Permit enter(Runnable granted, java.util.concurrent.Executor handOff) {
    Permit permit = new Permit(granted, handOff);
    boolean now;
    synchronized (this) {
      now = inFlight < maxInFlight;
      if (now) {
        inFlight++;
        permit.admitted = true;
      } else {
        waiting.addLast(permit);
      }
    }
    if (now) {
      granted.run();
    }
    return permit;
  }

  private void leave(Permit permit) {
    Permit next = null;
    synchronized (this) {
      if (!permit.admitted) {
        waiting.remove(permit);
        return;
      }
      next = waiting.pollFirst();
      // A permit released while waiting is on its way out of the queue: pass its turn on.
      while (next != null && next.released.get()) {
        next = waiting.pollFirst();
      }
      if (next == null) {
        inFlight--;
      } else {
        next.admitted = true;
      }
    }
    if (next != null) {
      next.handOff.execute(next.granted);
    }
  }

  /** One attempt's claim on a place. */
  final class Permit {
    private final Runnable granted;
    private final java.util.concurrent.Executor handOff;
    private final AtomicBoolean released = new AtomicBoolean();

    /** Whether the attempt holds a place; guarded by the gate. */
    private boolean admitted;

    private Permit(Runnable granted, java.util.concurrent.Executor handOff) {
      this.granted = granted;
      this.handOff = handOff;
    }

    /** Frees the place, or leaves the queue; later calls have no effect. */
    void release() {
      if (released.compareAndSet(false, true)) {
        leave(this);
      }
    }
  }
}
