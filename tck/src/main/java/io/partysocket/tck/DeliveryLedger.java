package io.partysocket.tck;

import io.partysocket.SendResult;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The per-message account of a run with numbered messages: what each producer sent, which transport
 * connections the socket handed each message to ({@link TrackingFactory}), whether and through
 * which connection its {@link SendResult#written()} stage completed, and how often it reached the
 * server.
 *
 * <p>From that account it separates the library's guarantees from what TCP cannot promise. A
 * completed {@code written()} stage means the transport handed the bytes to the operating system;
 * TCP never tells the sender that the peer's application read them. So:
 *
 * <ul>
 *   <li>the library must never hand a message to a connection again once its {@code written()}
 *       stage completed ({@link DeliveryReport#handoffsAfterConfirm()});
 *   <li>a message may be missing at the server only if its {@code written()} stage completed
 *       through a connection that then ended without a clean closing handshake: its bytes died in
 *       that connection's buffers ({@link DeliveryReport#lostAfterConfirm()}); any other missing
 *       message is a bug ({@link DeliveryReport#lostUnexplained()});
 *   <li>a message may reach the server more than once only if the library handed it to more than
 *       one connection, because its stage had not completed when the earlier connection died
 *       ({@link DeliveryReport#duplicates()}); more arrivals than handoffs is a bug ({@link
 *       Report#duplicatesUnexplained()});
 *   <li>each producer's messages keep their order: within each server connection, and across the
 *       connections of one client in accept order once repeated messages are skipped ({@link
 *       Report#orderViolations()}).
 * </ul>
 *
 * <p>Memory is allocated up front (16 bytes per possible message), and the arrival order of a
 * server connection is kept only until the connection and every earlier one of its client ended.
 *
 * <p>Thread-safe: every method synchronizes on the ledger.
 */
final class DeliveryLedger {

  // Values of outcome; 0 means the written() stage has not completed.
  private static final byte CONFIRMED = 1;
  private static final byte FAILED = 2;
  private static final byte REJECTED = 3;

  private final int clients;
  private final int producersPerClient;
  private final int capacity;
  private final String pathPrefix;

  // Everything below is guarded by this.
  private final int[] sentPerProducer;
  private final byte[] outcome;
  private final byte[] handoffs;
  private final byte[] arrivals;
  private final boolean[] folded;
  private final int[] firstHandoff;
  private final int[] lastHandoff;
  private final int[] confirmedOn;

  /** Client connections by number, from 1; element 0 is unused. */
  private final List<ClientConnection> connections =
      new ArrayList<>(List.of(new ClientConnection(-1)));

  /** Per client: index in the server's connection list of the first connection not folded. */
  private final int[] nextToFold;

  /** Per producer: the last sequence number in fold order, or -1. */
  private final int[] foldedMax;

  /** Arrival order of server connections not folded yet, by server connection id. */
  private final Map<Integer, Arrivals> open = new HashMap<>();

  /** When each ended server connection was first seen ended, by id. */
  private final Map<Integer, Long> seenEnded = new HashMap<>();

  /** Ids of the server connections folded so far. */
  private final Set<Integer> foldedConnections = new HashSet<>();

  private long handoffsAfterConfirm;
  private long confirmsWithoutHandoff;
  private long orderViolations;
  private long lateArrivals;
  private final List<String> problems = new ArrayList<>();

  /**
   * Creates a ledger.
   *
   * @param clients the number of sockets
   * @param producersPerClient the producer threads per socket
   * @param capacity the most messages one producer may send
   * @param pathPrefix the server path of client {@code c} is this prefix followed by {@code c}
   */
  DeliveryLedger(int clients, int producersPerClient, int capacity, String pathPrefix) {
    this.clients = clients;
    this.producersPerClient = producersPerClient;
    this.capacity = capacity;
    this.pathPrefix = pathPrefix;
    int producers = clients * producersPerClient;
    int size = Math.multiplyExact(producers, capacity);
    this.sentPerProducer = new int[producers];
    this.outcome = new byte[size];
    this.handoffs = new byte[size];
    this.arrivals = new byte[size];
    this.folded = new boolean[size];
    this.firstHandoff = new int[size];
    this.lastHandoff = new int[size];
    this.confirmedOn = new int[size];
    this.nextToFold = new int[clients];
    this.foldedMax = new int[producers];
    Arrays.fill(foldedMax, -1);
  }

  /** Returns the server path of {@code client}. */
  String path(int client) {
    return pathPrefix + client;
  }

  /** Returns the most messages one producer may send. */
  int capacity() {
    return capacity;
  }

  /**
   * Returns the text of message {@code seq} of a producer: its number, then {@code padding} filler
   * characters so messages differ in size.
   */
  static String text(int client, int producer, int seq, int padding) {
    StringBuilder text = new StringBuilder(24 + padding);
    text.append('m').append(client).append('.').append(producer).append('.').append(seq);
    text.append('|');
    for (int i = 0; i < padding; i++) {
      text.append((char) ('a' + (seq + i) % 26));
    }
    return text.toString();
  }

  /** Returns the index of the message {@code text} names, or -1 if it names none. */
  int indexOf(String text) {
    int bar = text.indexOf('|');
    if (bar < 0 || text.isEmpty() || text.charAt(0) != 'm') {
      return -1;
    }
    String[] parts = text.substring(1, bar).split("\\.");
    if (parts.length != 3) {
      return -1;
    }
    try {
      int client = Integer.parseInt(parts[0]);
      int producer = Integer.parseInt(parts[1]);
      int seq = Integer.parseInt(parts[2]);
      if (client < 0 || client >= clients || producer < 0 || producer >= producersPerClient) {
        return -1;
      }
      if (seq < 0 || seq >= capacity) {
        return -1;
      }
      return (client * producersPerClient + producer) * capacity + seq;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The client side

  /** Registers a transport connection attempt of {@code client} and returns its number. */
  synchronized int newConnection(int client) {
    connections.add(new ClientConnection(client));
    return connections.size() - 1;
  }

  /** Records that the socket handed the message {@code text} to connection {@code connection}. */
  synchronized void handedOver(String text, int connection) {
    int index = indexOf(text);
    if (index < 0) {
      return;
    }
    if (outcome[index] == CONFIRMED) {
      handoffsAfterConfirm++;
      problem(
          "message "
              + describe(index)
              + " handed to connection "
              + connection
              + " after its"
              + " written() stage completed through connection "
              + confirmedOn[index]);
    }
    if (handoffs[index] < Byte.MAX_VALUE) {
      handoffs[index]++;
    }
    if (firstHandoff[index] == 0) {
      firstHandoff[index] = connection;
    }
    lastHandoff[index] = connection;
    ClientConnection record = connections.get(connection);
    record.handedOver++;
    record.handedOverSinceConfirm++;
  }

  /** Records that connection {@code connection} ended; {@code clean} after a closing handshake. */
  synchronized void connectionEnded(int connection, boolean clean) {
    ClientConnection record = connections.get(connection);
    if (!record.ended) {
      record.ended = true;
      record.clean = clean;
    }
  }

  /**
   * Records a message a producer sent, and follows its {@code written()} stage. Call it in send
   * order for each producer.
   */
  void sent(int client, int producer, int seq, SendResult result) {
    int index = (client * producersPerClient + producer) * capacity + seq;
    synchronized (this) {
      sentPerProducer[client * producersPerClient + producer] = seq + 1;
      if (result.status() == SendResult.Status.REJECTED) {
        outcome[index] = REJECTED;
        return;
      }
    }
    result.written().whenComplete((ignored, failure) -> written(index, failure));
  }

  private synchronized void written(int index, Throwable failure) {
    if (failure != null) {
      outcome[index] = FAILED;
      problem("written() of " + describe(index) + " failed: " + failure);
      return;
    }
    outcome[index] = CONFIRMED;
    confirmedOn[index] = lastHandoff[index];
    if (lastHandoff[index] == 0) {
      confirmsWithoutHandoff++;
      problem("written() of " + describe(index) + " completed but it was never handed over");
    } else {
      ClientConnection record = connections.get(lastHandoff[index]);
      record.confirmed++;
      record.handedOverSinceConfirm = 0;
    }
  }

  /** Returns how many messages were handed to {@code connection} and not confirmed through it. */
  synchronized int unconfirmedOn(int connection) {
    ClientConnection record = connections.get(connection);
    return record.handedOver - record.confirmed;
  }

  /**
   * Returns how many messages were handed to {@code connection} since its last confirmation. A
   * large count means the path is full, because the transport accepts messages but writes none.
   */
  synchronized int handedOverSinceConfirm(int connection) {
    return connections.get(connection).handedOverSinceConfirm;
  }

  /** Returns the number of connections registered so far. */
  synchronized int connectionCount() {
    return connections.size() - 1;
  }

  // ---------------------------------------------------------------------------------------------
  // The server side

  /**
   * Records a message the server read; use it as the server's {@link ScriptedServer.MessageSink}.
   */
  synchronized void arrived(ServerConnection connection, ServerEvent message) {
    if (!(message instanceof ServerEvent.Text text)) {
      return;
    }
    int index = indexOf(text.text());
    if (index < 0) {
      return;
    }
    if (arrivals[index] < Byte.MAX_VALUE) {
      arrivals[index]++;
    }
    Arrivals order = open.get(connection.id());
    if (order == null && foldedConnections.contains(connection.id())) {
      // The connection was folded already: a message read in the instant it ended.
      lateArrivals++;
      fold(index);
      return;
    }
    if (order == null) {
      order = new Arrivals(clients * producersPerClient);
      open.put(connection.id(), order);
    }
    order.add(index, this);
  }

  /**
   * Folds the arrival order of server connections that ended at least {@code settleNanos} ago, and
   * every earlier connection of the same client had ended and was folded, into the order check.
   */
  synchronized void fold(List<ServerConnection> all, long settleNanos) {
    long now = System.nanoTime();
    for (int client = 0; client < clients; client++) {
      String path = path(client);
      int i = nextToFold[client];
      for (; i < all.size(); i++) {
        ServerConnection connection = all.get(i);
        if (!connection.requestReceived() && !connection.ended()) {
          break;
        }
        if (connection.requestReceived() && !connection.path().equals(path)) {
          continue;
        }
        if (!connection.ended()) {
          break;
        }
        long endedAt = seenEnded.computeIfAbsent(connection.id(), id -> now);
        if (now - endedAt < settleNanos) {
          break;
        }
        Arrivals order = open.remove(connection.id());
        if (order != null) {
          order.foldInto(this);
        }
        foldedConnections.add(connection.id());
        seenEnded.remove(connection.id());
      }
      nextToFold[client] = i;
    }
  }

  private void fold(int index) {
    if (folded[index]) {
      return;
    }
    folded[index] = true;
    int producer = index / capacity;
    int seq = index % capacity;
    if (seq <= foldedMax[producer]) {
      orderViolations++;
      problem(
          "message "
              + describe(index)
              + " arrived after message "
              + foldedMax[producer]
              + " of the same producer");
    }
    foldedMax[producer] = Math.max(foldedMax[producer], seq);
  }

  // ---------------------------------------------------------------------------------------------
  // Results

  /** Returns whether every accepted message has a completed {@code written()} stage. */
  synchronized boolean allConfirmed() {
    return count(index -> outcome[index] != CONFIRMED && outcome[index] != REJECTED) == 0;
  }

  /** Returns whether every accepted message arrived, or is lost for a reason TCP explains. */
  synchronized boolean allAccountedFor() {
    return count(index -> outcome[index] != REJECTED && arrivals[index] == 0 && !lostToTcp(index))
        == 0;
  }

  private boolean lostToTcp(int index) {
    if (outcome[index] != CONFIRMED || confirmedOn[index] == 0) {
      return false;
    }
    ClientConnection through = connections.get(confirmedOn[index]);
    return through.ended && !through.clean;
  }

  /** Returns the counts of the run. */
  synchronized DeliveryReport report() {
    Tally tally = new Tally(new ArrayList<>(problems));
    for (int producer = 0; producer < sentPerProducer.length; producer++) {
      for (int seq = 0; seq < sentPerProducer[producer]; seq++) {
        tally.add(producer * capacity + seq);
      }
    }

    List<String> found = tally.problems;
    return new DeliveryReport(
        tally.sent,
        tally.rejected,
        tally.confirmed,
        tally.failed,
        tally.arrived,
        tally.resent,
        tally.lostAfterConfirm,
        tally.lostUnexplained,
        tally.duplicates,
        tally.extraCopies,
        tally.duplicatesUnexplained,
        handoffsAfterConfirm,
        confirmsWithoutHandoff,
        orderViolations,
        lateArrivals,
        connections.size() - 1,
        List.copyOf(found.subList(0, Math.min(found.size(), 20))));
  }

  /** The per-message counts of {@link #report()}; used with the ledger's lock held. */
  private final class Tally {
    final List<String> problems;
    long sent;
    long rejected;
    long confirmed;
    long failed;
    long arrived;
    long resent;
    long lostAfterConfirm;
    long lostUnexplained;
    long duplicates;
    long extraCopies;
    long duplicatesUnexplained;

    Tally(List<String> problems) {
      this.problems = problems;
    }

    void add(int index) {
      sent++;
      switch (outcome[index]) {
        case REJECTED -> rejected++;
        case CONFIRMED -> confirmed++;
        case FAILED -> failed++;
        default -> {}
      }
      if (handoffs[index] > 1) {
        resent++;
      }

      if (arrivals[index] > 0) {
        arrived++;
      } else if (outcome[index] != REJECTED && lostToTcp(index)) {
        lostAfterConfirm++;
      } else if (outcome[index] != REJECTED) {
        lostUnexplained++;
        problems.add("message " + describe(index) + " never arrived and was not lost to TCP");
      }

      if (arrivals[index] > 1) {
        duplicates++;
        extraCopies += arrivals[index] - 1;
      }
      if (arrivals[index] > handoffs[index]) {
        duplicatesUnexplained++;
        problems.add(
            "message "
                + describe(index)
                + " arrived "
                + arrivals[index]
                + " times but was handed over "
                + handoffs[index]
                + " times");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers for case-level checks

  /** Returns the number of the connection whose handoff confirmed message {@code index}, or 0. */
  synchronized int confirmedOn(int index) {
    return confirmedOn[index];
  }

  /** Returns the number of the connection the message was first handed to, or 0. */
  synchronized int firstHandoff(int index) {
    return firstHandoff[index];
  }

  /** Returns the number of the connection the message was last handed to, or 0. */
  synchronized int lastHandoff(int index) {
    return lastHandoff[index];
  }

  /** Returns how often the server read message {@code index}. */
  synchronized int arrivals(int index) {
    return arrivals[index];
  }

  /** Returns the index of message {@code seq} of a producer. */
  int index(int client, int producer, int seq) {
    return (client * producersPerClient + producer) * capacity + seq;
  }

  private long count(IntPredicate predicate) {
    long count = 0;
    for (int producer = 0; producer < sentPerProducer.length; producer++) {
      for (int seq = 0; seq < sentPerProducer[producer]; seq++) {
        if (predicate.test(producer * capacity + seq)) {
          count++;
        }
      }
    }
    return count;
  }

  private String describe(int index) {
    int producer = index / capacity;
    return "m"
        + producer / producersPerClient
        + "."
        + producer % producersPerClient
        + "."
        + index % capacity;
  }

  private void problem(String description) {
    if (problems.size() < 100) {
      problems.add(description);
    }
  }

  /** One transport connection attempt, as the tracking factory saw it. Guarded by the ledger. */
  private static final class ClientConnection {
    final int client;
    int handedOver;
    int confirmed;
    int handedOverSinceConfirm;
    boolean ended;
    boolean clean;

    ClientConnection(int client) {
      this.client = client;
    }
  }

  /** The arrival order of one server connection, and its per-producer order check. */
  private static final class Arrivals {
    private int[] indices = new int[64];
    private int size;
    private final int[] lastSeq;

    Arrivals(int producers) {
      lastSeq = new int[producers];
      Arrays.fill(lastSeq, -1);
    }

    void add(int index, DeliveryLedger ledger) {
      int producer = index / ledger.capacity;
      int seq = index % ledger.capacity;
      if (seq <= lastSeq[producer]) {
        ledger.orderViolations++;
        ledger.problem(
            "message "
                + ledger.describe(index)
                + " arrived after message "
                + lastSeq[producer]
                + " on the same server connection");
      }
      lastSeq[producer] = Math.max(lastSeq[producer], seq);
      if (size == indices.length) {
        indices = Arrays.copyOf(indices, size * 2);
      }
      indices[size++] = index;
    }

    void foldInto(DeliveryLedger ledger) {
      for (int i = 0; i < size; i++) {
        ledger.fold(indices[i]);
      }
    }
  }
}
