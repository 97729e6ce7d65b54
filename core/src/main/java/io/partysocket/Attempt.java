package io.partysocket;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection attempt and, once open, its connection. It is the transport's listener, so
 * callbacks of an attempt that is no longer current are recognised and ignored. Fields are guarded
 * by the socket's lock.
 */
final class Attempt implements ConnectionListener {

  /** The stage of an attempt's life. */
  enum Phase {
    /** Waiting for the reconnect delay. */
    SCHEDULED,
    /** Resolving the URL, subprotocols and headers. */
    RESOLVING,
    /** Waiting for a place at the connect gate. */
    GATED,
    /** The transport is opening the connection. */
    CONNECTING,
    /** The connection is open. */
    OPEN,
    /** Over; callbacks of this attempt are ignored. */
    ENDED
  }

  final Engine engine;
  final long number;
  Phase phase = Phase.SCHEDULED;

  /** The delay timer while SCHEDULED, the connection timer while CONNECTING. */
  Scheduler.Cancellable timer;

  CompletableFuture<WebSocketConnection> stage;
  WebSocketConnection connection;

  /** The attempt's place at the connect gate, released when it opens or ends. */
  ConnectGate.Permit permit;

  /** Completes when the transport reported the end, or the attempt never reached it. */
  final CompletableFuture<Void> ended = new CompletableFuture<>();

  /** True from open until the backlog is flushed and the open event is queued. */
  boolean openEventPending;

  /** True while the connect hook runs; the backlog waits for it. */
  boolean hookPending;

  /** The heartbeat's next ping. */
  Scheduler.Cancellable heartbeatTimer;

  /** The check of the latest heartbeat ping, until it has run. */
  Scheduler.Cancellable heartbeatCheck;

  /** When something last arrived on the connection, on the scheduler's clock. */
  long lastInboundNanos;

  /** Messages that arrived while the open event was pending. */
  final List<MessageEvent> heldEvents = new ArrayList<>(0);

  /** Messages handed to the connection and not yet confirmed written, oldest first. */
  final ArrayDeque<OutgoingMessage> inflight = new ArrayDeque<>();

  Attempt(Engine engine, long number) {
    this.engine = engine;
    this.number = number;
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  @Override
  public void onOpen(WebSocketConnection openedConnection) {
    engine.onOpen(this, openedConnection);
  }

  @Override
  public void onText(String text) {
    engine.onInbound(this, MessageEvent.text(text));
  }

  @Override
  public void onBinary(ByteBuffer data) {
    engine.onInbound(this, MessageEvent.binary(data));
  }

  @Override
  public void onPing(ByteBuffer payload) {
    engine.onActivity(this);
  }

  @Override
  public void onPong(ByteBuffer payload) {
    engine.onActivity(this);
    if (payload.remaining() == Long.BYTES && engine.observed()) {
      // Heartbeat pings carry their send time, so the pong gives the round trip.
      long roundTrip = engine.scheduler().nanoTime() - payload.getLong(payload.position());
      if (roundTrip >= 0 && roundTrip < TimeUnit.HOURS.toNanos(1)) {
        engine.observe(observer -> observer.heartbeatPong(Duration.ofNanos(roundTrip)));
      }
    }
  }

  @Override
  public void onClosed(CloseInfo info) {
    engine.onClosed(this, info);
  }

  @Override
  public String toString() {
    return "Attempt#" + number;
  }
}
