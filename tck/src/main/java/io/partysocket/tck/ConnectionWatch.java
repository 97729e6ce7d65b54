package io.partysocket.tck;

import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Watches the server's connections during a run. It measures how many WebSocket connections each
 * client has open at once and for how long more than one, and it folds ended connections into the
 * ledger's order check.
 *
 * <p>A client ends its old connection before it opens a new one, but the server learns of the end
 * only when it reads the FIN or RST, which may come after the new handshake (a proxy may even hold
 * the FIN back). So an overlap is counted as a violation only when it lasts longer than a grace
 * period.
 *
 * <p>Thread-safe: one thread runs {@link #run()}; the getters may be called from any thread.
 */
final class ConnectionWatch implements Runnable {

  private static final Duration PERIOD = Duration.ofMillis(25);

  /** How long an ended connection stays unfolded, so a message read as it ended is counted. */
  private static final long FOLD_SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

  private final ScriptedServer server;
  private final DeliveryLedger ledger;
  private final int clients;

  // Only the watching thread touches these.
  private final List<Watched> watching = new ArrayList<>();
  private int scanned;
  private final long[] overlapSince;

  // Guarded by this.
  private int maxOpen;
  private long longestOverlapNanos;
  private boolean stopped;

  ConnectionWatch(ScriptedServer server, DeliveryLedger ledger, int clients) {
    this.server = server;
    this.ledger = ledger;
    this.clients = clients;
    this.overlapSince = new long[clients];
  }

  @Override
  public void run() {
    while (!stopped()) {
      scan();
      Waits.pause(PERIOD);
    }
  }

  /** Asks the watching thread to stop after its current pass. */
  synchronized void stop() {
    stopped = true;
  }

  private synchronized boolean stopped() {
    return stopped;
  }

  /** Returns the maximum number of WebSocket connections one client had open at once. */
  synchronized int maxOpen() {
    return maxOpen;
  }

  /** Returns the longest time a client had more than one open connection, in milliseconds. */
  synchronized long longestOverlapMillis() {
    return TimeUnit.NANOSECONDS.toMillis(longestOverlapNanos);
  }

  private void scan() {
    List<ServerConnection> all = server.connections();
    for (; scanned < all.size(); scanned++) {
      watching.add(new Watched(all.get(scanned)));
    }
    int[] open = new int[clients];
    for (Iterator<Watched> it = watching.iterator(); it.hasNext(); ) {
      Watched watched = it.next();
      if (watched.connection.ended()) {
        it.remove();
      } else if (watched.connection.handshakeAccepted()) {
        int client = watched.client();
        if (client >= 0) {
          open[client]++;
        }
      }
    }
    long now = System.nanoTime();
    synchronized (this) {
      for (int client = 0; client < clients; client++) {
        maxOpen = Math.max(maxOpen, open[client]);
        if (open[client] <= 1) {
          overlapSince[client] = 0;
        } else if (overlapSince[client] == 0) {
          overlapSince[client] = now;
        } else {
          longestOverlapNanos = Math.max(longestOverlapNanos, now - overlapSince[client]);
        }
      }
    }
    ledger.fold(all, FOLD_SETTLE_NANOS);
  }

  /** A server connection and, once known, the client it belongs to. */
  private final class Watched {
    final ServerConnection connection;
    private int client = -2;

    Watched(ServerConnection connection) {
      this.connection = connection;
    }

    /** Returns the client number from the request path, or -1 when it is not a client's. */
    int client() {
      if (client == -2 && connection.requestReceived()) {
        client = -1;
        for (int c = 0; c < clients; c++) {
          if (connection.path().equals(ledger.path(c))) {
            client = c;
          }
        }
      }
      return client;
    }
  }
}
