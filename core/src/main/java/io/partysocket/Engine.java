package io.partysocket;

import static io.partysocket.ReconnectingWebSocket.CLOSED;
import static io.partysocket.ReconnectingWebSocket.CLOSING;
import static io.partysocket.ReconnectingWebSocket.CONNECTING;
import static io.partysocket.ReconnectingWebSocket.OPEN;

import io.partysocket.internal.Backoff;
import io.partysocket.internal.TransportSelector;
import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The state machine behind {@link ReconnectingWebSocket}: attempts, backoff, timers, the outbound
 * queue and events. All state is guarded by {@link #lock}; CONCURRENCY.md describes the rules.
 */
final class Engine {

  private static final System.Logger LOGGER =
      System.getLogger(ReconnectingWebSocket.class.getName());

  /** The maximum number of messages one flush step takes from the queue under the lock. */
  private static final int FLUSH_BATCH = 32;

  private final ReentrantLock lock = new ReentrantLock();
  private final EventListeners events = new EventListeners();
  private final java.util.concurrent.CopyOnWriteArrayList<SocketObserver> observers =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final WebSocketFactory factory;
  private final Scheduler scheduler;

  /** The drawn {@code minReconnectionDelay} used while the options leave it unset. */
  private final double drawnMinDelayMillis;

  /** The source of jitter; guarded by {@link #lock}. */
  private final RandomGenerator random;

  /** The cap on attempts in flight that this socket shares with others. */
  private final ConnectGate gate;

  // Everything below is guarded by lock.
  private WebSocketOptions options;
  private UrlProvider urlProvider;
  private ProtocolsProvider protocolsProvider;
  private int readyState;
  private int retryCount = -1;
  private boolean shouldReconnect;
  private boolean closeCalled;
  private boolean warnedSendAfterClose;

  /** The attempt in progress, from its scheduling until it ends; null in between. */
  private Attempt current;

  private long attemptCount;

  /** The minimum delay of the next attempt, set by the failure policy; 0 when none. */
  private double floorMillis;

  /** Set by {@link #shutdown()}; the socket never connects again. */
  private boolean terminated;

  /** The latest attempt that reached the transport, which may still be closing. */
  private Attempt lastTransportAttempt;

  private Scheduler.Cancellable uptimeTimer;
  private String url = "";
  private String protocol = "";
  private String extensions = "";
  private CloseEvent lastClose;

  /** Messages not yet handed to a connection. */
  private final MessageQueue queue = new MessageQueue();

  /** True while one thread runs {@link #flush()}; only that thread hands messages over. */
  private boolean flushing;

  /** The messages one flush step hands over; used only by the thread that set flushing. */
  private final OutgoingMessage[] flushBatch = new OutgoingMessage[FLUSH_BATCH];

  /** Messages dropped by {@link OverflowPolicy#DROP_OLDEST} so far, for rate-limited logging. */
  private final java.util.concurrent.atomic.AtomicInteger droppedCount =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Creates the engine; {@link #start()} makes the first attempt. */
  Engine(UrlProvider url, ProtocolsProvider protocols, WebSocketOptions options) {
    this.urlProvider = Objects.requireNonNull(url, "url");
    this.protocolsProvider = Objects.requireNonNull(protocols, "protocols");
    this.options = Objects.requireNonNull(options, "options");
    this.factory =
        TransportSelector.select(
            options.transport(), options.transportName(), WebSocketOptions.TRANSPORT_PROPERTY);
    this.scheduler = options.scheduler() != null ? options.scheduler() : Scheduler.shared();
    this.random = options.random() != null ? options.random() : new SplittableRandom();
    this.drawnMinDelayMillis = 1000 + random.nextDouble() * 4000;
    this.gate =
        options.connectGate() != null ? options.connectGate() : ConnectGate.forTransport(factory);
    this.shouldReconnect = !options.startClosed();
    this.readyState = options.startClosed() ? CLOSED : CONNECTING;
  }

  /** Starts the first attempt unless {@code startClosed}; called once after construction. */
  void start() {
    lock.lock();
    try {
      connect();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Public API: sending

  /**
   * Sends a text message, or queues it while the socket is not open.
   *
   * @return {@link SendResult.Status#SENT} when open, {@link SendResult.Status#QUEUED} when queued,
   *     {@link SendResult.Status#REJECTED} when the queue is full; never {@code null}
   */
  SendResult send(String text) {
    Objects.requireNonNull(text, "text");
    return enqueue(OutgoingMessage.text(text));
  }

  /**
   * Sends a binary message made of a copy of the remaining bytes of {@code data}, or queues it
   * while the socket is not open. The buffer's position is not changed.
   *
   * @return see {@link #send(String)}
   */
  SendResult send(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    copy.put(data.duplicate()).flip();
    return enqueue(OutgoingMessage.binary(copy.asReadOnlyBuffer()));
  }

  /**
   * Removes every queued message and returns them, oldest first. Their {@link SendResult#written()}
   * stages fail with {@link UnsentMessageException.Reason#DRAINED}. Messages already handed to a
   * connection are not included.
   */
  List<Message> drainQueuedMessages() {
    List<OutgoingMessage> drained;
    lock.lock();
    try {
      drained = queue.drainAll();
    } finally {
      lock.unlock();
    }
    List<Message> messages = new ArrayList<>(drained.size());
    for (OutgoingMessage message : drained) {
      messages.add(message.toMessage());
      message.fail(
          new UnsentMessageException(
              UnsentMessageException.Reason.DRAINED,
              "message was removed from the queue by drainQueuedMessages()"));
    }
    observeUnsent(UnsentMessageException.Reason.DRAINED, drained.size());
    return messages;
  }

  // ---------------------------------------------------------------------------------------------
  // Public API: closing and reconnecting

  /**
   * Closes the connection and stops reconnecting until {@link #reconnect()}. A pending attempt is
   * cancelled. When the socket was CONNECTING or OPEN, one close event with this code and reason is
   * delivered, on this thread unless another thread is delivering events. Queued messages stay
   * queued and go out after {@link #reconnect()}.
   *
   * @param code 1000, or 3000 to 4999 for application codes
   * @param reason at most 123 bytes in UTF-8; {@code null} counts as empty
   * @throws IllegalArgumentException if the code or reason is invalid; nothing changes then
   */
  void close(int code, String reason) {
    String checkedReason = checkCloseArguments(code, reason);
    Ending ending;
    lock.lock();
    try {
      trace("close", code);
      closeCalled = true;
      shouldReconnect = false;
      ending = endCurrentAttempt();
      if (readyState == CONNECTING || readyState == OPEN) {
        readyState = CLOSED;
        emitClose(new CloseEvent(code, checkedReason, true, false, null), ending.attempt);
      } else {
        trace("close: already closing or closed");
        readyState = CLOSED;
      }
    } finally {
      lock.unlock();
    }
    ending.run(code, checkedReason);
    events.deliverPending();
  }

  /**
   * Closes for good: like {@link #close(int, String)}, and then every queued message, including
   * those handed to the connection and not yet confirmed written, fails with {@link
   * UnsentMessageException.Reason#SHUTDOWN}. Afterwards {@code send} rejects every message and
   * {@link #reconnect()} throws {@link IllegalStateException}. Calling it again only returns the
   * stage again.
   *
   * @return a stage that completes when the last transport connection has ended: its closing
   *     handshake finished, timed out ({@code closeTimeout}) or the attempt was abandoned
   * @throws IllegalArgumentException if the code or reason is invalid; nothing changes then
   */
  CompletionStage<Void> shutdown(int code, String reason) {
    checkCloseArguments(code, reason);
    Attempt last;
    lock.lock();
    try {
      last = current != null ? current : lastTransportAttempt;
      if (terminated) {
        return endedStage(last);
      }
    } finally {
      lock.unlock();
    }
    close(code, reason);
    List<OutgoingMessage> unsent;
    lock.lock();
    try {
      terminated = true;
      unsent = queue.drainAll();
    } finally {
      lock.unlock();
    }
    for (OutgoingMessage message : unsent) {
      message.fail(
          new UnsentMessageException(
              UnsentMessageException.Reason.SHUTDOWN, "socket was shut down before it was sent"));
    }
    observeUnsent(UnsentMessageException.Reason.SHUTDOWN, unsent.size());
    return endedStage(last);
  }

  private static CompletionStage<Void> endedStage(Attempt attempt) {
    return attempt == null
        ? CompletableFuture.completedFuture(null)
        : attempt.ended.minimalCompletionStage();
  }

  /**
   * Closes the current connection, if any, with {@code code} and {@code reason}, resets the retry
   * counter and connects again without delay. When an attempt is already waiting for its delay,
   * that attempt goes ahead at its time and no other is started. A close event is delivered when
   * the socket was CONNECTING or OPEN; {@code shouldReconnectOnClose} is not consulted for it.
   *
   * @throws IllegalArgumentException if the code is not 1000 or 3000 to 4999, or the reason is too
   *     long; nothing changes then
   */
  void reconnect(int code, String reason) {
    String checkedReason = checkCloseArguments(code, reason);
    Ending ending = Ending.NONE;
    lock.lock();
    try {
      if (terminated) {
        throw new IllegalStateException(
            "socket was shut down and cannot reconnect; create a new socket");
      }
      trace("reconnect", code);
      lastClose = null;
      floorMillis = 0;
      shouldReconnect = true;
      closeCalled = false;
      warnedSendAfterClose = false;
      retryCount = -1;
      Attempt attempt = current;
      if (attempt != null
          && (attempt.phase == Attempt.Phase.OPEN || attempt.phase == Attempt.Phase.CONNECTING)) {
        ending = endCurrentAttempt();
        if (readyState == CONNECTING || readyState == OPEN) {
          readyState = CLOSING;
          emitClose(new CloseEvent(code, checkedReason, true, false, null), ending.attempt);
        }
      }
      connect();
    } finally {
      lock.unlock();
    }
    ending.run(code, checkedReason);
    events.deliverPending();
  }

  // ---------------------------------------------------------------------------------------------
  // Public API: state

  /** Returns {@link #CONNECTING}, {@link #OPEN}, {@link #CLOSING} or {@link #CLOSED}. */
  int readyState() {
    lock.lock();
    try {
      return readyState;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the number of the current or next attempt since the last reset, counting from 0. Close
   * and error listeners already see the number of the attempt that follows.
   */
  int retryCount() {
    lock.lock();
    try {
      return Math.max(retryCount, 0);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the payload bytes waiting to be sent: the UTF-8 length of queued text and the length of
   * queued binary messages, plus what the transport has accepted and not yet written.
   */
  long bufferedAmount() {
    long queued;
    WebSocketConnection connection = null;
    lock.lock();
    try {
      queued = queue.bytes();
      if (current != null && current.phase == Attempt.Phase.OPEN) {
        connection = current.connection;
      }
    } finally {
      lock.unlock();
    }
    return connection == null ? queued : queued + connection.bufferedAmount();
  }

  /** Returns the URL of the latest attempt that reached the transport, or an empty string. */
  String url() {
    lock.lock();
    try {
      return url;
    } finally {
      lock.unlock();
    }
  }

  /** Returns the subprotocol of the latest open connection, or an empty string. */
  String protocol() {
    lock.lock();
    try {
      return protocol;
    } finally {
      lock.unlock();
    }
  }

  /** Returns the extensions of the latest open connection, comma-separated, or an empty string. */
  String extensions() {
    lock.lock();
    try {
      return extensions;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns whether the socket reconnects by itself: false after {@link #close()}, with {@code
   * startClosed} before {@link #reconnect()}, and after a {@link GiveUpEvent}.
   */
  boolean shouldReconnect() {
    lock.lock();
    try {
      return shouldReconnect;
    } finally {
      lock.unlock();
    }
  }

  /** Returns the options in effect. */
  WebSocketOptions options() {
    lock.lock();
    try {
      return options;
    } finally {
      lock.unlock();
    }
  }

  /** Returns the transport this socket uses. */
  WebSocketFactory transport() {
    return factory;
  }

  /** Describes the engine's state for test diagnostics, without URLs, headers or messages. */
  String describeState() {
    lock.lock();
    try {
      return "current "
          + (current == null ? "none" : current + " " + current.phase)
          + ", shouldReconnect "
          + shouldReconnect
          + ", closeCalled "
          + closeCalled
          + ", retryCount "
          + retryCount
          + ", flushing "
          + flushing
          + ", gate in flight "
          + gate.inFlight()
          + ", gate waiting "
          + gate.waiting();
    } finally {
      lock.unlock();
    }
  }

  /** Returns the handlers and listeners of this socket's events. */
  EventListeners events() {
    return events;
  }

  /** Returns whether any observer is registered. */
  boolean observed() {
    return !observers.isEmpty();
  }

  /** Returns the socket's clock and timer. */
  Scheduler scheduler() {
    return scheduler;
  }

  /** Adds an observer of message sizes, drops and heartbeat round trips. */
  void addObserver(SocketObserver observer) {
    observers.addIfAbsent(Objects.requireNonNull(observer, "observer"));
  }

  /** Removes an observer; removing one that is not registered has no effect. */
  void removeObserver(SocketObserver observer) {
    observers.remove(observer);
  }

  /** Returns the number of messages waiting in the queue, not yet handed to a connection. */
  int queuedMessageCount() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  void observe(Consumer<SocketObserver> call) {
    for (SocketObserver observer : observers) {
      try {
        call.accept(observer);
      } catch (RuntimeException e) {
        LOGGER.log(Level.WARNING, "A socket observer threw; the socket goes on", e);
      }
    }
  }

  private boolean terminated() {
    lock.lock();
    try {
      return terminated;
    } finally {
      lock.unlock();
    }
  }

  private void observeUnsent(UnsentMessageException.Reason reason, int count) {
    if (!observers.isEmpty()) {
      for (int i = 0; i < count; i++) {
        observe(observer -> observer.messageUnsent(reason));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Package-private hooks for PartySocket

  /** Replaces the providers and options that the next attempt uses. */
  void replaceSettings(UrlProvider url, ProtocolsProvider protocols, WebSocketOptions next) {
    lock.lock();
    try {
      this.urlProvider = Objects.requireNonNull(url, "url");
      this.protocolsProvider = Objects.requireNonNull(protocols, "protocols");
      this.options = Objects.requireNonNull(next, "options");
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The engine. connect, giveUp, failAttempt, decideAfterClose, emitClose, releaseOpenEvent,
  // endCurrentAttempt, requeueUnconfirmed and trace run with the lock held; the others take it.

  /** Schedules the next attempt unless one is in progress or reconnecting is off. */
  private void connect() {
    if (current != null || !shouldReconnect) {
      return;
    }
    if (retryCount >= options.maxRetries()) {
      trace("max retries reached", retryCount, ">=", options.maxRetries());
      giveUp(GiveUpEvent.Reason.MAX_RETRIES_EXHAUSTED);
      return;
    }
    retryCount++;
    Attempt attempt = new Attempt(this, ++attemptCount);
    current = attempt;
    double delay = nextDelayMillis();
    trace("connect", retryCount);
    trace("next delay", delay);
    long delayNanos = Backoff.toNanos(delay);
    events.enqueue(new AttemptEvent(retryCount, Duration.ofNanos(delayNanos), lastClose));
    attempt.timer = scheduler.schedule(() -> startAttempt(attempt), delayNanos);
  }

  /**
   * Returns the delay of the attempt numbered {@link #retryCount}: the original's backoff, then the
   * jitter, then at least the floor a failure policy asked for.
   */
  private double nextDelayMillis() {
    Duration configured = options.minReconnectionDelay();
    double min = configured != null ? configured.toNanos() / 1e6 : drawnMinDelayMillis;
    double max = options.maxReconnectionDelay().toNanos() / 1e6;
    double delay = Backoff.delayMillis(retryCount, min, max, options.reconnectionDelayGrowFactor());
    double jitter = options.reconnectionDelayJitter();
    if (jitter > 0 && delay > 0) {
      delay = delay * (1 - jitter * random.nextDouble());
    }
    double floor = floorMillis;
    floorMillis = 0;
    return Math.max(delay, floor);
  }

  private void giveUp(GiveUpEvent.Reason reason) {
    shouldReconnect = false;
    events.enqueue(new GiveUpEvent(reason, retryCount + 1, lastClose));
  }

  /** Runs when the delay of {@code attempt} has passed: resolves the URL and subprotocols. */
  private void startAttempt(Attempt attempt) {
    UrlProvider url;
    ProtocolsProvider protocols;
    HeadersProvider headers;
    lock.lock();
    try {
      if (attempt != current || attempt.phase != Attempt.Phase.SCHEDULED) {
        return;
      }
      attempt.phase = Attempt.Phase.RESOLVING;
      readyState = CONNECTING;
      url = urlProvider;
      protocols = protocolsProvider;
      headers = options.headersProvider();
    } finally {
      lock.unlock();
    }
    // The providers run at the same time, as the original resolves them with Promise.all.
    CompletableFuture<String> resolvedUrl = AttemptRequest.resolve("url provider", url::resolve);
    CompletableFuture<List<String>> resolvedProtocols =
        AttemptRequest.resolve("protocols provider", protocols::resolve);
    CompletableFuture<Map<String, List<String>>> resolvedHeaders =
        AttemptRequest.resolve("headers provider", headers::resolve);
    resolvedUrl
        .thenCombine(resolvedProtocols, (u, p) -> new AttemptRequest.Resolved(u, p, null))
        .thenCombine(
            resolvedHeaders, (r, h) -> new AttemptRequest.Resolved(r.url(), r.protocols(), h))
        .whenComplete((resolved, failure) -> onResolved(attempt, resolved, failure));
  }

  private void onResolved(Attempt attempt, AttemptRequest.Resolved resolved, Throwable failure) {
    ConnectRequest request = null;
    lock.lock();
    try {
      if (attempt != current || attempt.phase != Attempt.Phase.RESOLVING) {
        return;
      }
      if (failure != null) {
        failAttempt(attempt, unwrap(failure));
        return;
      }
      try {
        request = AttemptRequest.build(resolved, options, factory);
      } catch (RuntimeException e) {
        failAttempt(attempt, e);
        return;
      }
      attempt.phase = Attempt.Phase.GATED;
      url = resolved.url();
    } finally {
      lock.unlock();
      events.deliverPending();
    }
    ConnectRequest ready = request;
    ConnectGate.Permit permit =
        gate.enter(() -> beginConnect(attempt, ready), task -> scheduler.schedule(task, 0));
    boolean releaseNow;
    lock.lock();
    try {
      attempt.permit = permit;
      // Release now if the attempt already ended, or opened before the permit was stored here.
      releaseNow = attempt.phase == Attempt.Phase.ENDED || attempt.phase == Attempt.Phase.OPEN;
    } finally {
      lock.unlock();
    }
    if (releaseNow) {
      permit.release();
    }
  }

  /** Runs when the gate lets the attempt through: calls the transport and arms the timeout. */
  private void beginConnect(Attempt attempt, ConnectRequest request) {
    lock.lock();
    try {
      if (attempt != current || attempt.phase != Attempt.Phase.GATED) {
        // Ended while waiting at the gate; endCurrentAttempt or the code above frees the place.
        return;
      }
      attempt.phase = Attempt.Phase.CONNECTING;
      lastTransportAttempt = attempt;
      trace("connect", Redaction.url(request.uri().toString()), request.subprotocols());
      attempt.timer =
          scheduler.schedule(
              () -> onConnectTimeout(attempt), options.connectionTimeout().toNanos());
    } finally {
      lock.unlock();
    }
    CompletableFuture<WebSocketConnection> stage;
    try {
      stage = factory.connect(request, attempt).toCompletableFuture();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    boolean cancel;
    lock.lock();
    try {
      attempt.stage = stage;
      cancel = attempt.phase == Attempt.Phase.ENDED && attempt.connection == null;
    } finally {
      lock.unlock();
    }
    if (cancel) {
      stage.cancel(true);
    }
    stage.whenComplete((connection, error) -> onConnectResult(attempt, connection, error));
  }

  private void onConnectTimeout(Attempt attempt) {
    CompletableFuture<WebSocketConnection> stage;
    lock.lock();
    try {
      if (attempt != current || attempt.phase != Attempt.Phase.CONNECTING) {
        return;
      }
      trace("timeout event");
      stage = attempt.stage;
      long millis = options.connectionTimeout().toMillis();
      failAttempt(
          attempt,
          new ConnectFailedException(
              ConnectFailedException.Kind.HANDSHAKE_TIMEOUT,
              "WebSocket connection was not opened within " + millis + " ms (connectionTimeout)",
              null));
    } finally {
      lock.unlock();
    }
    if (stage != null) {
      stage.cancel(true);
    }
    events.deliverPending();
  }

  private void onConnectResult(Attempt attempt, WebSocketConnection connection, Throwable failure) {
    if (failure == null) {
      // The transport calls onOpen before completing the stage; this covers one that did not.
      onOpen(attempt, connection);
      return;
    }
    attempt.ended.complete(null);
    lock.lock();
    try {
      if (attempt != current || attempt.phase != Attempt.Phase.CONNECTING) {
        return;
      }
      failAttempt(attempt, unwrap(failure));
    } finally {
      lock.unlock();
    }
    events.deliverPending();
  }

  void onOpen(Attempt attempt, WebSocketConnection connection) {
    boolean unwanted = false;
    boolean flushNow = false;
    ConnectHook hook = null;
    ConnectGate.Permit permit = null;
    // Read before taking the lock: no transport method runs with the engine lock held.
    String subprotocol = connection.subprotocol();
    String negotiated = String.join(", ", connection.extensions());
    lock.lock();
    try {
      if (attempt.connection == connection) {
        return;
      }
      if (attempt != current || attempt.phase != Attempt.Phase.CONNECTING) {
        unwanted = true;
      } else {
        trace("open event");
        attempt.connection = connection;
        attempt.phase = Attempt.Phase.OPEN;
        attempt.cancelTimer();
        permit = attempt.permit;
        readyState = OPEN;
        protocol = subprotocol == null ? "" : subprotocol;
        extensions = negotiated;
        uptimeTimer =
            scheduler.schedule(() -> onUptimeReached(attempt), options.minUptime().toNanos());
        startHeartbeat(attempt);
        attempt.openEventPending = true;
        hook = options.connectHook();
        attempt.hookPending = hook != null;
        if (hook == null && !flushing) {
          flushing = true;
          flushNow = true;
        }
      }
    } finally {
      lock.unlock();
    }
    if (permit != null) {
      permit.release();
    }
    if (unwanted) {
      // An attempt that was cancelled or timed out opened anyway: close it quietly.
      closeQuietly(connection, CloseCodes.NORMAL_CLOSURE, "");
      return;
    }
    if (hook != null) {
      runConnectHook(attempt, hook);
      return;
    }
    if (flushNow) {
      flush();
    }
    events.deliverPending();
  }

  /** Runs the connect hook; the backlog follows when its stage completes. */
  private void runConnectHook(Attempt attempt, ConnectHook hook) {
    CompletionStage<?> done;
    try {
      done = hook.onConnect(new HookSession(this, attempt));
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    if (done == null) {
      done = CompletableFuture.completedFuture(null);
    }
    done.whenComplete((ignored, failure) -> onConnectHookDone(attempt, failure));
  }

  private void onConnectHookDone(Attempt attempt, Throwable failure) {
    boolean flushNow = false;
    Ending ending = Ending.NONE;
    lock.lock();
    try {
      if (attempt != current || attempt.phase != Attempt.Phase.OPEN) {
        return;
      }
      attempt.hookPending = false;
      if (failure != null) {
        Throwable cause = unwrap(failure);
        trace("connect hook failed", describe(cause));
        ending = endCurrentAttempt();
        // The connection did open: listeners see open, then the error, then the close.
        releaseOpenEvent(attempt);
        events.enqueue(new ErrorEvent(new IllegalStateException("connect hook failed", cause)));
        CloseEvent event =
            new CloseEvent(CloseCodes.INTERNAL_ERROR, "connect hook failed", false, false, cause);
        readyState = CLOSED;
        emitClose(event, attempt);
        decideAfterClose(event);
      } else if (!flushing) {
        flushing = true;
        flushNow = true;
      }
    } finally {
      lock.unlock();
    }
    ending.run(CloseCodes.INTERNAL_ERROR, "connect hook failed");
    if (flushNow) {
      flush();
    }
    events.deliverPending();
  }

  /** Returns the connection of {@code attempt} while it is the current open one, else null. */
  WebSocketConnection liveConnection(Attempt attempt) {
    lock.lock();
    try {
      return attempt == current && attempt.phase == Attempt.Phase.OPEN ? attempt.connection : null;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Heartbeat

  /** Starts pinging an opened connection when a heartbeat is configured and the transport pings. */
  private void startHeartbeat(Attempt attempt) {
    if (options.heartbeatInterval().isZero() || !factory.capabilities().pingWithPayload()) {
      return;
    }
    attempt.lastInboundNanos = scheduler.nanoTime();
    attempt.heartbeatTimer =
        scheduler.schedule(() -> sendHeartbeat(attempt), options.heartbeatInterval().toNanos());
  }

  private void sendHeartbeat(Attempt attempt) {
    WebSocketConnection connection;
    long sentAt;
    lock.lock();
    try {
      if (attempt != current || attempt.phase != Attempt.Phase.OPEN) {
        return;
      }
      connection = attempt.connection;
      sentAt = scheduler.nanoTime();
      // Pings keep to the interval even when the timeout is longer, so several checks can be
      // pending. Each checks its own ping; one that outlives its attempt does nothing.
      attempt.heartbeatTimer =
          scheduler.schedule(() -> sendHeartbeat(attempt), options.heartbeatInterval().toNanos());
      attempt.heartbeatCheck =
          scheduler.schedule(
              () -> checkHeartbeat(attempt, sentAt), options.heartbeatTimeout().toNanos());
      trace("heartbeat ping");
    } finally {
      lock.unlock();
    }
    ByteBuffer payload = ByteBuffer.allocate(Long.BYTES).putLong(0, sentAt);
    observe(SocketObserver::heartbeatPing);
    try {
      connection.ping(payload);
    } catch (RuntimeException e) {
      LOGGER.log(Level.DEBUG, "Heartbeat ping failed; the timeout decides", e);
    }
  }

  private void checkHeartbeat(Attempt attempt, long sentAt) {
    Ending ending;
    lock.lock();
    try {
      if (attempt != current || attempt.phase != Attempt.Phase.OPEN) {
        return;
      }
      if (attempt.lastInboundNanos - sentAt >= 0) {
        return;
      }
      long millis = options.heartbeatTimeout().toMillis();
      trace("heartbeat timeout", millis);
      ending = endCurrentAttempt();
      Throwable cause =
          new HeartbeatTimeoutException(
              "nothing arrived within " + millis + " ms of a heartbeat ping (heartbeatTimeout)");
      CloseEvent event =
          new CloseEvent(CloseCodes.ABNORMAL_CLOSURE, "heartbeat timeout", false, true, cause);
      readyState = CLOSED;
      emitClose(event, attempt);
      decideAfterClose(event);
    } finally {
      lock.unlock();
    }
    if (ending.connection() != null) {
      ending.connection().abort();
    }
    events.deliverPending();
  }

  /** Records that something arrived on the connection, which proves it alive. */
  void onActivity(Attempt attempt) {
    lock.lock();
    try {
      if (attempt == current) {
        attempt.lastInboundNanos = scheduler.nanoTime();
      }
    } finally {
      lock.unlock();
    }
  }

  private void onUptimeReached(Attempt attempt) {
    lock.lock();
    try {
      if (attempt == current && attempt.phase == Attempt.Phase.OPEN) {
        trace("accept open");
        retryCount = 0;
      }
    } finally {
      lock.unlock();
    }
  }

  void onInbound(Attempt attempt, MessageEvent event) {
    boolean received = false;
    lock.lock();
    try {
      if (attempt != current || attempt.phase != Attempt.Phase.OPEN) {
        return;
      }
      if (tracing()) {
        trace("message event", event.size());
      }
      attempt.lastInboundNanos = scheduler.nanoTime();
      received = true;
      if (attempt.openEventPending) {
        attempt.heldEvents.add(event);
      } else {
        events.enqueue(event);
      }
    } finally {
      lock.unlock();
    }
    if (received && !observers.isEmpty()) {
      long bytes = event.isText() ? OutgoingMessage.utf8Length(event.text()) : event.size();
      observe(observer -> observer.messageReceived(bytes));
    }
    events.deliverPending();
  }

  void onClosed(Attempt attempt, CloseInfo info) {
    attempt.ended.complete(null);
    lock.lock();
    try {
      if (attempt != current) {
        return;
      }
      trace("close event", info.code());
      endCurrentAttempt();
      CloseEvent event =
          new CloseEvent(info.code(), info.reason(), info.clean(), info.remote(), info.cause());
      if (readyState == CONNECTING || readyState == OPEN) {
        readyState = CLOSED;
        emitClose(event, attempt);
      }
      decideAfterClose(event);
    } finally {
      lock.unlock();
    }
    events.deliverPending();
  }

  /** Ends a failed attempt: error event, then close event 1006, then the next attempt. */
  private void failAttempt(Attempt attempt, Throwable cause) {
    trace("error event", describe(cause));
    endCurrentAttempt();
    events.enqueue(new ErrorEvent(cause));
    CloseEvent event =
        new CloseEvent(CloseCodes.ABNORMAL_CLOSURE, closeReasonOf(cause), false, true, cause);
    if (readyState == CONNECTING || readyState == OPEN) {
      readyState = CLOSED;
      emitClose(event, attempt);
    }
    decideAfterClose(event);
  }

  private void decideAfterClose(CloseEvent event) {
    lastClose = event;
    if (!shouldReconnect) {
      return;
    }
    var predicate = options.shouldReconnectOnClose();
    if (predicate != null && !predicate.test(event)) {
      trace("shouldReconnectOnClose returned false", event.code());
      giveUp(GiveUpEvent.Reason.SHOULD_RECONNECT_ON_CLOSE);
      return;
    }
    RetryDecision decision = decide(event);
    trace("failure policy", decision);
    if (decision.kind() == RetryDecision.Kind.STOP) {
      giveUp(GiveUpEvent.Reason.FAILURE_POLICY);
      return;
    }
    floorMillis = decision.floor().toNanos() / 1e6;
    connect();
  }

  private RetryDecision decide(CloseEvent event) {
    try {
      RetryDecision decision = options.failurePolicy().decide(event);
      return decision != null ? decision : RetryDecision.retry();
    } catch (RuntimeException e) {
      LOGGER.log(Level.WARNING, "The failure policy threw; retrying with the normal backoff", e);
      return RetryDecision.retry();
    }
  }

  /** Queues a close event, after the open event and messages still held for the attempt. */
  private void emitClose(CloseEvent event, Attempt attempt) {
    if (attempt != null && attempt.openEventPending) {
      releaseOpenEvent(attempt);
    }
    events.enqueue(event);
  }

  private void releaseOpenEvent(Attempt attempt) {
    attempt.openEventPending = false;
    events.enqueue(new OpenEvent(url, protocol, splitExtensions(extensions)));
    for (MessageEvent held : attempt.heldEvents) {
      events.enqueue(held);
    }
    attempt.heldEvents.clear();
  }

  /**
   * Detaches the current attempt: cancels its timers, puts the messages its connection did not
   * confirm back at the head of the queue, and returns what must be done to it outside the lock.
   */
  private Ending endCurrentAttempt() {
    Attempt attempt = current;
    if (attempt == null) {
      return Ending.NONE;
    }
    current = null;
    Attempt.Phase phase = attempt.phase;
    attempt.phase = Attempt.Phase.ENDED;
    attempt.cancelTimer();
    if (attempt.heartbeatTimer != null) {
      attempt.heartbeatTimer.cancel();
      attempt.heartbeatTimer = null;
    }
    if (attempt.heartbeatCheck != null) {
      attempt.heartbeatCheck.cancel();
      attempt.heartbeatCheck = null;
    }
    if (attempt.permit != null) {
      // Safe under the lock: the gate hands the freed place to the next attempt on the scheduler.
      attempt.permit.release();
    }
    if (uptimeTimer != null) {
      uptimeTimer.cancel();
      uptimeTimer = null;
    }
    requeueUnconfirmed(attempt);
    if (phase != Attempt.Phase.OPEN && phase != Attempt.Phase.CONNECTING) {
      // The transport was never called for this attempt, so nothing is left to end.
      attempt.ended.complete(null);
    }
    if (phase == Attempt.Phase.OPEN) {
      return new Ending(attempt, attempt.connection, null);
    } else if (phase == Attempt.Phase.CONNECTING) {
      return new Ending(attempt, null, attempt.stage);
    }
    return new Ending(attempt, null, null);
  }

  private void requeueUnconfirmed(Attempt attempt) {
    OutgoingMessage message;
    while ((message = attempt.inflight.pollLast()) != null) {
      message.holder = null;
      queue.addFirst(message);
    }
  }

  /**
   * The action, taken outside the lock, that closes an ended attempt's connection or connect stage.
   */
  private record Ending(
      Attempt attempt,
      WebSocketConnection connection,
      CompletableFuture<WebSocketConnection> stage) {

    static final Ending NONE = new Ending(null, null, null);

    void run(int code, String reason) {
      if (connection != null) {
        closeQuietly(connection, code, reason);
      }
      if (stage != null) {
        stage.cancel(true);
      }
    }
  }

  private SendResult enqueue(OutgoingMessage message) {
    OutgoingMessage rejected = null;
    UnsentMessageException.Reason rejectedFor = null;
    List<OutgoingMessage> dropped = List.of();
    boolean flushNow = false;
    boolean warn = false;
    lock.lock();
    try {
      if (terminated) {
        rejectedFor = UnsentMessageException.Reason.SHUTDOWN;
        rejected =
            OutgoingMessage.rejected(
                new UnsentMessageException(
                    rejectedFor, "socket was shut down; create a new socket to send"));
        return rejected;
      }
      long limit = factory.capabilities().maxOutboundMessageBytes();
      if (limit != Long.MAX_VALUE && message.bytes() > limit) {
        rejectedFor = UnsentMessageException.Reason.TOO_LARGE;
        rejected =
            OutgoingMessage.rejected(
                new UnsentMessageException(
                    rejectedFor,
                    "message of "
                        + message.bytes()
                        + " bytes is larger than the "
                        + factory.name()
                        + " transport can send ("
                        + limit
                        + " bytes)"));
        return rejected;
      }
      Attempt attempt = current;
      boolean open = attempt != null && attempt.phase == Attempt.Phase.OPEN;
      if (!open) {
        if (closeCalled && !warnedSendAfterClose) {
          warnedSendAfterClose = true;
          warn = true;
        }
        queue.track(options.maxEnqueuedBytes() != Long.MAX_VALUE);
        if (!fits(message)) {
          if (options.overflowPolicy() == OverflowPolicy.REJECT_NEW || !fitsEmpty(message)) {
            if (tracing()) {
              trace("queue full", queue.size(), queue.bytes());
            }
            rejectedFor = UnsentMessageException.Reason.QUEUE_FULL;
            rejected = OutgoingMessage.rejected(queueFull());
            return rejected;
          }
          dropped = dropOldestUntilFits(message);
        }
      }
      message.status(open ? SendResult.Status.SENT : SendResult.Status.QUEUED);
      queue.addLast(message);
      if (open && !flushing) {
        flushing = true;
        flushNow = true;
      }
      if (tracing()) {
        trace(open ? "send" : "enqueue", message.bytes());
      }
    } finally {
      lock.unlock();
      if (warn) {
        LOGGER.log(
            Level.WARNING,
            "send() was called after close(); the message is queued until reconnect() is called");
      }
      if (rejectedFor != null) {
        observeUnsent(rejectedFor, 1);
      }
    }
    failDropped(dropped);
    if (flushNow) {
      flush();
      events.deliverPending();
    }
    return message;
  }

  /** Returns whether {@code message} fits the queue's bounds now. */
  private boolean fits(OutgoingMessage message) {
    return queue.fits(message, options.maxEnqueuedMessages(), options.maxEnqueuedBytes());
  }

  /** Returns whether {@code message} would fit an empty queue. */
  private boolean fitsEmpty(OutgoingMessage message) {
    return options.maxEnqueuedMessages() > 0
        && (options.maxEnqueuedBytes() == Long.MAX_VALUE
            || message.bytes() <= options.maxEnqueuedBytes());
  }

  private UnsentMessageException queueFull() {
    int maxMessages = options.maxEnqueuedMessages();
    long maxBytes = options.maxEnqueuedBytes();
    return new UnsentMessageException(
        UnsentMessageException.Reason.QUEUE_FULL,
        "queue is full: it contains "
            + queue.size()
            + (queue.size() == 1 ? " message, " : " messages, ")
            + queue.bytes()
            + " bytes in total, and maxEnqueuedMessages is "
            + (maxMessages == Integer.MAX_VALUE ? "unlimited" : String.valueOf(maxMessages))
            + " and maxEnqueuedBytes is "
            + (maxBytes == Long.MAX_VALUE ? "unlimited" : String.valueOf(maxBytes))
            + "; raise those limits or set overflowPolicy(OverflowPolicy.DROP_OLDEST)");
  }

  private List<OutgoingMessage> dropOldestUntilFits(OutgoingMessage message) {
    List<OutgoingMessage> dropped =
        queue.dropOldestUntilFits(
            message, options.maxEnqueuedMessages(), options.maxEnqueuedBytes());
    trace("dropped oldest", dropped.size());
    return dropped;
  }

  private void failDropped(List<OutgoingMessage> dropped) {
    if (dropped.isEmpty()) {
      return;
    }
    for (OutgoingMessage message : dropped) {
      message.fail(
          new UnsentMessageException(
              UnsentMessageException.Reason.DROPPED,
              "message was dropped from the full queue to make room for a newer one"));
    }
    observeUnsent(UnsentMessageException.Reason.DROPPED, dropped.size());
    int total = droppedCount.addAndGet(dropped.size());
    if (total == dropped.size() || Integer.bitCount(total) == 1) {
      // Logged on the first drop and then at powers of two, so a flood does not flood the log.
      LOGGER.log(
          Level.WARNING,
          "Dropped the oldest queued messages to make room (overflowPolicy DROP_OLDEST); "
              + total
              + " dropped so far");
    }
  }

  /**
   * Hands queued messages to the open connection, one at a time and in order, outside the lock.
   * Only the thread that set {@link #flushing} runs it; when the queue is empty it releases the
   * open event that waits for the flush.
   */
  private void flush() {
    OutgoingMessage[] batch = flushBatch;
    while (true) {
      Attempt attempt;
      int count = 0;
      lock.lock();
      try {
        attempt = current;
        if (attempt == null || attempt.phase != Attempt.Phase.OPEN || attempt.hookPending) {
          flushing = false;
          return;
        }
        // Several messages per lock acquisition; their order is kept, and the lock is still
        // released before any transport call.
        OutgoingMessage message;
        while (count < batch.length && (message = queue.pollFirst()) != null) {
          message.holder = attempt;
          attempt.inflight.addLast(message);
          batch[count++] = message;
        }
        if (count == 0) {
          flushing = false;
          if (attempt.openEventPending) {
            releaseOpenEvent(attempt);
          }
          return;
        }
      } finally {
        lock.unlock();
      }
      for (int i = 0; i < count; i++) {
        hand(attempt, batch[i]);
        batch[i] = null;
      }
    }
  }

  /** Gives one message to the attempt's connection and watches its write. */
  private void hand(Attempt attempt, OutgoingMessage message) {
    CompletionStage<Void> written;
    try {
      written =
          message.isText()
              ? attempt.connection.sendText(message.text())
              : attempt.connection.sendBinary(message.binary());
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    written.whenComplete((ignored, failure) -> onWritten(attempt, message, failure));
  }

  private void onWritten(Attempt attempt, OutgoingMessage message, Throwable failure) {
    boolean confirmed = false;
    lock.lock();
    try {
      if (message.holder == attempt) {
        if (failure == null) {
          attempt.inflight.removeFirstOccurrence(message);
          message.holder = null;
          confirmed = true;
        }
        // A failed write stays with the attempt; when its connection ends, it is queued again.
      } else if (failure == null && message.holder == null && queue.remove(message)) {
        // Written after all, before it was sent again: take it out of the queue.
        confirmed = true;
      }
    } finally {
      lock.unlock();
    }
    if (confirmed) {
      message.complete();
      if (!observers.isEmpty()) {
        observe(observer -> observer.messageWritten(message.bytes()));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static String checkCloseArguments(int code, String reason) {
    if (code != CloseCodes.NORMAL_CLOSURE && (code < 3000 || code > 4999)) {
      throw new IllegalArgumentException("close code must be 1000 or in 3000-4999 but was " + code);
    }
    return CloseCodes.requireValidReason(reason);
  }

  private static void closeQuietly(WebSocketConnection connection, int code, String reason) {
    try {
      connection.close(code, reason);
    } catch (RuntimeException e) {
      LOGGER.log(Level.DEBUG, "Closing a connection failed; aborting it", e);
      connection.abort();
    }
  }

  private static String closeReasonOf(Throwable cause) {
    if (cause instanceof ConnectFailedException failure) {
      switch (failure.kind()) {
        case HTTP_STATUS:
          return "HTTP " + failure.httpStatus();
        case HANDSHAKE_TIMEOUT:
        case CONNECT_TIMEOUT:
          return "timeout";
        default:
          return failure.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
      }
    }
    return "";
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  static String describe(Throwable failure) {
    return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
  }

  private static List<String> splitExtensions(String joined) {
    return joined.isEmpty() ? List.of() : List.of(joined.split(", "));
  }

  /** Returns whether trace lines go anywhere; hot paths check it to avoid building them. */
  private boolean tracing() {
    return options.debug() || LOGGER.isLoggable(Level.DEBUG);
  }

  /** Writes a step of the debug trace. Runs with lock held, so lines keep the engine's order. */
  private void trace(String step, Object... details) {
    boolean toDebugLogger = options.debug();
    boolean toSystemLogger = LOGGER.isLoggable(Level.DEBUG);
    if (!toDebugLogger && !toSystemLogger) {
      return;
    }
    StringBuilder line = new StringBuilder("RWS> ").append(step);
    for (Object detail : details) {
      line.append(' ').append(detail);
    }
    if (toSystemLogger) {
      LOGGER.log(Level.DEBUG, line.toString());
    }
    if (toDebugLogger) {
      try {
        options.debugLogger().log(line.toString());
      } catch (RuntimeException e) {
        LOGGER.log(Level.WARNING, "The debugLogger threw; the socket goes on", e);
      }
    }
  }
}
