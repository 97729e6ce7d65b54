package io.partysocket.tck;

import io.partysocket.tck.server.FaultProxy;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Injects faults into a {@link ScriptedServer} and the {@link FaultProxy} in front of it, in
 * shuffled rounds and at random moments drawn from a seeded generator, until stopped. The schedule
 * of faults and pauses depends only on the seed; what each fault hits depends on timing.
 *
 * <p>Thread-safe: one thread runs {@link #run()}, any thread may call {@link #stop()} and {@link
 * #counts()}.
 */
final class ChaosDriver implements Runnable {

  /** The faults, each with its weight in the random choice. */
  enum Fault {
    /** The server stops (connections dropped, new ones refused) and restarts on the same port. */
    RESTART(2),
    /** The proxy resets every connection (RST to both sides). */
    RESET(3),
    /** One open server connection sends FIN without a close frame. */
    SILENT_CLOSE(2),
    /** The proxy stops forwarding in both directions for longer than the heartbeat allows. */
    BLACKHOLE(1),
    /**
     * The next handshake is rejected with 503 and {@code Retry-After: 1}, then the proxy resets
     * all.
     */
    REJECT_503(1),
    /** The next handshake gets no response, then the proxy resets all. */
    STALL(1);

    final int weight;

    Fault(int weight) {
      this.weight = weight;
    }
  }

  private final ScriptedServer server;
  private final FaultProxy proxy;
  private final SplittableRandom random;

  /** The faults left in the current round; only the driving thread touches it. */
  private final List<Fault> round = new ArrayList<>();

  private final Object lock = new Object();

  // Guarded by lock.
  private final Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
  private final List<String> errors = new ArrayList<>();
  private boolean stopped;

  ChaosDriver(ScriptedServer server, FaultProxy proxy, long seed) {
    this.server = server;
    this.proxy = proxy;
    this.random = new SplittableRandom(seed);
  }

  /**
   * Injects faults until {@link #stop()}, then leaves the server running and the proxy forwarding.
   */
  @Override
  public void run() {
    try {
      while (!stopped()) {
        Waits.pause(millis(500, 2500));
        if (stopped()) {
          break;
        }
        Fault fault = pick();
        inject(fault);
        synchronized (lock) {
          counts.merge(fault, 1, Integer::sum);
        }
      }
    } catch (RuntimeException | IOException e) {
      synchronized (lock) {
        errors.add("fault driver failed: " + e);
      }
    } finally {
      heal();
    }
  }

  /** Asks the driver to stop after the fault in progress. */
  void stop() {
    synchronized (lock) {
      stopped = true;
    }
  }

  /** Returns how often each fault was injected. */
  Map<Fault, Integer> counts() {
    synchronized (lock) {
      return new EnumMap<>(counts);
    }
  }

  /** Returns what went wrong in the driver itself; empty when it ran as planned. */
  List<String> errors() {
    synchronized (lock) {
      return List.copyOf(errors);
    }
  }

  private boolean stopped() {
    synchronized (lock) {
      return stopped;
    }
  }

  /**
   * Returns the next fault from a shuffled round in which each fault appears as often as its
   * weight, so every kind occurs once per round (10 faults, about 15 seconds).
   */
  private Fault pick() {
    if (round.isEmpty()) {
      for (Fault fault : Fault.values()) {
        for (int i = 0; i < fault.weight; i++) {
          round.add(fault);
        }
      }
      for (int i = round.size() - 1; i > 0; i--) {
        Collections.swap(round, i, random.nextInt(i + 1));
      }
    }
    return round.remove(round.size() - 1);
  }

  private void inject(Fault fault) throws IOException {
    switch (fault) {
      case RESTART -> {
        server.stop();
        Waits.pause(millis(200, 800));
        server.restart();
      }
      case RESET -> proxy.resetAll();
      case SILENT_CLOSE -> {
        List<ServerConnection> open = openConnections();
        if (!open.isEmpty()) {
          open.get(random.nextInt(open.size())).fin();
        }
      }
      case BLACKHOLE -> {
        proxy.blackhole();
        Waits.pause(millis(1500, 2500));
        proxy.forward();
      }
      case REJECT_503 -> {
        server.enqueue(Handshake.reject(503).header("Retry-After", "1"));
        proxy.resetAll();
      }
      case STALL -> {
        server.enqueue(Handshake.stall());
        proxy.resetAll();
      }
    }
  }

  private List<ServerConnection> openConnections() {
    List<ServerConnection> open = new ArrayList<>();
    for (ServerConnection connection : server.connections()) {
      if (connection.handshakeAccepted() && !connection.ended()) {
        open.add(connection);
      }
    }
    return open;
  }

  /** Leaves the network healthy: the proxy forwarding and the server listening. */
  private void heal() {
    try {
      proxy.forward();
      try {
        server.restart();
      } catch (IllegalStateException e) {
        // The server is running already.
      }
    } catch (IOException e) {
      synchronized (lock) {
        errors.add("healing the network failed: " + new UncheckedIOException(e));
      }
    }
  }

  private Duration millis(int min, int max) {
    return Duration.ofMillis(min + random.nextInt(max - min + 1));
  }
}
