package io.partysocket;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport the test drives by hand: each connect is recorded, and the test decides when it
 * opens, fails, receives messages or drops. Writes complete at once unless {@link #holdWrites} is
 * set, in which case the test completes them with {@link Connection#writePending(int)}.
 */
final class FakeTransport implements WebSocketFactory {

  final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  final List<Double> connectTimesMillis = new CopyOnWriteArrayList<>();
  private final FakeScheduler scheduler;
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicInteger maxLive = new AtomicInteger();

  /** Everything written by any connection, in write order, across connections. */
  final List<String> written = Collections.synchronizedList(new ArrayList<>());

  volatile boolean holdWrites;
  volatile boolean closed;
  volatile TransportCapabilities capabilities =
      TransportCapabilities.builder().writeCompletion(true).build();

  FakeTransport(FakeScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public TransportCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public CompletionStage<WebSocketConnection> connect(
      ConnectRequest request, ConnectionListener listener) {
    Attempt attempt = new Attempt(request, listener);
    attempts.add(attempt);
    connectTimesMillis.add(scheduler.nowMillis());
    return attempt.stage;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Returns the latest connect attempt. */
  Attempt last() {
    if (attempts.isEmpty()) {
      throw new AssertionError("no connect attempt was made");
    }
    return attempts.get(attempts.size() - 1);
  }

  /** Returns the largest number of connections that were open at the same time. */
  int maxLiveConnections() {
    return maxLive.get();
  }

  /** Returns the number of connections open now. */
  int liveConnections() {
    return live.get();
  }

  /** One call of connect. */
  final class Attempt {
    final ConnectRequest request;
    final ConnectionListener listener;
    final CompletableFuture<WebSocketConnection> stage = new CompletableFuture<>();
    Connection connection;

    Attempt(ConnectRequest request, ConnectionListener listener) {
      this.request = request;
      this.listener = listener;
    }

    /** Opens the connection: onOpen, then the stage completes, as the SPI requires. */
    Connection open() {
      return open(null);
    }

    /** Opens the connection with a selected subprotocol. */
    Connection open(String subprotocol) {
      if (stage.isDone()) {
        throw new AssertionError(
            "attempt already completed (cancelled: " + stage.isCancelled() + ")");
      }
      connection = new Connection(this, subprotocol);
      int now = live.incrementAndGet();
      maxLive.accumulateAndGet(now, Math::max);
      listener.onOpen(connection);
      stage.complete(connection);
      return connection;
    }

    /** Fails the attempt with {@code failure}; the listener is not called. */
    void fail(Throwable failure) {
      stage.completeExceptionally(failure);
    }

    /** Fails the attempt as a refused TCP connection. */
    void refuse() {
      fail(
          new ConnectFailedException(
              ConnectFailedException.Kind.REFUSED, "Connection refused", null));
    }

    /** Fails the attempt with an HTTP status. */
    void reject(int status) {
      fail(ConnectFailedException.httpStatus(status, Map.of("X-Test", List.of("yes")), "no", null));
    }

    boolean cancelled() {
      return stage.isCancelled();
    }
  }

  /** An open fake connection. */
  final class Connection implements WebSocketConnection {
    final Attempt attempt;
    final String subprotocol;
    final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    volatile int closeCode = -1;
    volatile String closeReason;
    volatile boolean aborted;
    private boolean ended;

    Connection(Attempt attempt, String subprotocol) {
      this.attempt = attempt;
      this.subprotocol = subprotocol;
    }

    @Override
    public String subprotocol() {
      return subprotocol;
    }

    @Override
    public List<String> extensions() {
      return List.of();
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
      return write(text);
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.duplicate().get(bytes);
      return write("bin:" + new String(bytes, StandardCharsets.ISO_8859_1));
    }

    private synchronized CompletionStage<Void> write(String payload) {
      if (ended) {
        return CompletableFuture.failedFuture(new java.io.IOException("connection ended"));
      }
      sent.add(payload);
      CompletableFuture<Void> stage = new CompletableFuture<>();
      if (holdWrites) {
        pending.add(new Pending(payload, stage));
        return stage;
      }
      written.add(payload);
      stage.complete(null);
      return stage;
    }

    /** Completes up to {@code count} held writes, oldest first; returns how many. */
    int writePending(int count) {
      List<Pending> done = new ArrayList<>();
      synchronized (this) {
        while (done.size() < count && !pending.isEmpty()) {
          Pending next = pending.removeFirst();
          written.add(next.payload);
          done.add(next);
        }
      }
      done.forEach(p -> p.stage.complete(null));
      return done.size();
    }

    /** Returns whether either side ended the connection. */
    synchronized boolean ended() {
      return ended;
    }

    /** Pings the engine sent, as payload lengths. */
    final List<Integer> pings = new CopyOnWriteArrayList<>();

    /** The payload of the latest ping. */
    volatile byte[] lastPingPayload = new byte[0];

    @Override
    public CompletionStage<Void> ping(ByteBuffer payload) {
      if (!capabilities.pingWithPayload()) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no ping"));
      }
      pings.add(payload.remaining());
      byte[] copy = new byte[payload.remaining()];
      payload.duplicate().get(copy);
      lastPingPayload = copy;
      return CompletableFuture.completedFuture(null);
    }

    /** Delivers a pong from the server. */
    void pong() {
      attempt.listener.onPong(ByteBuffer.allocate(0));
    }

    /** Delivers a pong carrying the latest ping's payload, as a conforming server does. */
    void answerPing() {
      attempt.listener.onPong(ByteBuffer.wrap(lastPingPayload));
    }

    @Override
    public synchronized CompletionStage<Void> close(int code, String reason) {
      if (closeCode == -1) {
        closeCode = code;
        closeReason = reason;
        endLocally();
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void abort() {
      aborted = true;
      endLocally();
    }

    @Override
    public long bufferedAmount() {
      return 0;
    }

    private synchronized void endLocally() {
      if (!ended) {
        ended = true;
        live.decrementAndGet();
        failPending();
      }
    }

    /** Delivers a text message from the server. */
    void receive(String text) {
      attempt.listener.onText(text);
    }

    /** Delivers a binary message from the server. */
    void receive(byte[] bytes) {
      attempt.listener.onBinary(ByteBuffer.wrap(bytes));
    }

    /** Ends the connection as the server closing it with a handshake. */
    void serverClose(int code, String reason) {
      end(CloseInfo.remoteClose(code, reason));
    }

    /** Ends the connection as a TCP drop without a close frame. */
    void drop() {
      end(CloseInfo.abnormal(true, new java.io.EOFException("connection dropped")));
    }

    /** Ends the connection with {@code info}: unwritten writes fail first, then onClosed. */
    void end(CloseInfo info) {
      boolean first;
      synchronized (this) {
        first = !ended;
        ended = true;
        failPending();
      }
      if (first) {
        live.decrementAndGet();
      }
      attempt.listener.onClosed(info);
    }

    private synchronized void failPending() {
      List<Pending> failed = new ArrayList<>(pending);
      pending.clear();
      failed.forEach(
          p -> p.stage.completeExceptionally(new java.io.IOException("connection ended")));
    }
  }

  private record Pending(String payload, CompletableFuture<Void> stage) {}
}
