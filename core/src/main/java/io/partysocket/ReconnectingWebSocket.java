package io.partysocket;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.WebSocketFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A WebSocket client that reconnects by itself, the Java port of PartySocket's {@code
 * ReconnectingWebSocket}.
 *
 * <p>The socket connects on construction (unless {@code startClosed}), and after every lost
 * connection or failed attempt it waits {@code min(maxReconnectionDelay, minReconnectionDelay *
 * reconnectionDelayGrowFactor^(n - 1))} before attempt {@code n}; the first attempt and the first
 * after {@link #reconnect()} do not wait. The counter {@code n} resets once a connection has stayed
 * open for {@code minUptime}. Messages sent while the socket is not open wait in a queue and go
 * out, in order, when the next connection opens, before the open event is delivered.
 *
 * <p>The URL and subprotocols are resolved again on every attempt through a {@link UrlProvider} and
 * a {@link ProtocolsProvider}. The network is reached through a {@link WebSocketFactory} transport,
 * found with {@link java.util.ServiceLoader} unless the options name one.
 *
 * <h2>Events</h2>
 *
 * <p>Events are {@link OpenEvent}, {@link MessageEvent}, {@link CloseEvent}, {@link ErrorEvent} and
 * {@link GiveUpEvent}. Each has one Level 0 handler slot ({@link #onOpen(Consumer)} and so on),
 * called first, and any number of Level 2 listeners ({@link #addEventListener}). A failed attempt
 * produces an error event and then a close event with code 1006; every change of {@link
 * #readyState()} from CONNECTING or OPEN to CLOSING or CLOSED produces exactly one close event.
 *
 * <h2>Threads</h2>
 *
 * <p>This class is thread-safe and owns no thread. Its state changes one at a time under a lock;
 * timers run on the {@link Scheduler}, and transport callbacks on the transport's threads. Events
 * are delivered one at a time and in order by whichever of those threads produced them, or by the
 * thread calling a method such as {@link #close()}; never concurrently and never while the lock is
 * held. Listeners may call any method of the socket, but must not block: they hold up the thread
 * that delivers them.
 */
public class ReconnectingWebSocket implements AutoCloseable {

  /** {@link #readyState()}: an attempt is in progress. */
  public static final int CONNECTING = 0;

  /** {@link #readyState()}: a connection is open. */
  public static final int OPEN = 1;

  /** {@link #readyState()}: the connection is closing and a new attempt follows. */
  public static final int CLOSING = 2;

  /** {@link #readyState()}: closed, waiting for a retry, gave up, or never connected. */
  public static final int CLOSED = 3;

  private final Engine engine;

  /**
   * Creates a socket for a fixed URL with the default options and connects.
   *
   * @throws IllegalArgumentException if the URL is not a {@code ws} or {@code wss} URL
   * @throws IllegalStateException if no transport is on the class path
   */
  public ReconnectingWebSocket(String url) {
    this(UrlProvider.of(url), ProtocolsProvider.NONE, WebSocketOptions.defaults());
  }

  /**
   * Creates a socket for a fixed URL and connects, unless {@code startClosed}.
   *
   * @throws IllegalArgumentException if the URL is not a {@code ws} or {@code wss} URL, or the
   *     transport name matches no transport
   * @throws IllegalStateException if no transport is on the class path
   */
  public ReconnectingWebSocket(String url, WebSocketOptions options) {
    this(UrlProvider.of(url), ProtocolsProvider.NONE, options);
  }

  /**
   * Creates a socket and connects, unless {@code startClosed}.
   *
   * @param url resolved on every attempt
   * @param protocols resolved on every attempt
   * @param options the settings
   * @throws IllegalArgumentException if the transport name matches no transport
   * @throws IllegalStateException if no transport is on the class path
   */
  public ReconnectingWebSocket(
      UrlProvider url, ProtocolsProvider protocols, WebSocketOptions options) {
    this(url, protocols, options, true);
  }

  /**
   * Creates a socket; {@code start} false leaves the first attempt to {@link #start()}, so that a
   * subclass can finish its own construction first.
   */
  ReconnectingWebSocket(
      UrlProvider url, ProtocolsProvider protocols, WebSocketOptions options, boolean start) {
    this.engine = new Engine(url, protocols, options);
    for (WebSocketOptions.InitialListener<?> listener : options.initialListeners()) {
      listener.addTo(this);
    }
    options.observers().forEach(engine::addObserver);
    if (start) {
      start();
    }
  }

  /** Describes the engine's state for test diagnostics. */
  final String describeState() {
    return engine.describeState();
  }

  /** Starts the first attempt unless {@code startClosed}; called once after construction. */
  final void start() {
    engine.start();
  }

  /** Replaces the providers and options that the next attempt uses. */
  final void replaceSettings(UrlProvider url, ProtocolsProvider protocols, WebSocketOptions next) {
    engine.replaceSettings(url, protocols, next);
  }

  /**
   * Sends a text message, or queues it while the socket is not open.
   *
   * @return {@link SendResult.Status#SENT} when open, {@link SendResult.Status#QUEUED} when queued,
   *     {@link SendResult.Status#REJECTED} when the queue is full; never {@code null}
   */
  public SendResult send(String text) {
    Objects.requireNonNull(text, "text");
    return engine.send(text);
  }

  /**
   * Sends a binary message made of a copy of the remaining bytes of {@code data}, or queues it
   * while the socket is not open. The buffer's position is not changed.
   *
   * @return see {@link #send(String)}
   */
  public SendResult send(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    return engine.send(data);
  }

  /**
   * Sends a binary message made of a copy of {@code data}, or queues it while not open.
   *
   * @return see {@link #send(String)}
   */
  public SendResult send(byte[] data) {
    Objects.requireNonNull(data, "data");
    return engine.send(ByteBuffer.wrap(data));
  }

  /**
   * Removes every queued message and returns them, oldest first. Their {@link SendResult#written()}
   * stages fail with {@link UnsentMessageException.Reason#DRAINED}. Messages already handed to a
   * connection are not included.
   */
  public List<Message> drainQueuedMessages() {
    return engine.drainQueuedMessages();
  }

  /** Closes with code 1000 and no reason; see {@link #close(int, String)}. */
  @Override
  public void close() {
    close(CloseCodes.NORMAL_CLOSURE, "");
  }

  /**
   * Closes with {@code code} and no reason; see {@link #close(int, String)}.
   *
   * @throws IllegalArgumentException if the code is not 1000 or 3000 to 4999
   */
  public void close(int code) {
    close(code, "");
  }

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
  public void close(int code, String reason) {
    engine.close(code, reason);
  }

  /** Shuts down with code 1000; see {@link #shutdown(int, String)}. */
  public CompletionStage<Void> shutdown() {
    return shutdown(CloseCodes.NORMAL_CLOSURE, "");
  }

  /**
   * Closes for good: like {@link #close(int, String)}, and then every queued message, including
   * those handed to the connection and not yet confirmed written, fails with {@link
   * UnsentMessageException.Reason#SHUTDOWN}. Afterwards {@code send} rejects every message and
   * {@link #reconnect()} throws {@link IllegalStateException}. Calling it again only returns the
   * stage again.
   *
   * <p>Do not block on the returned stage in a listener or a provider: the stage may need the
   * thread that runs them to finish the closing handshake, so such a wait can last until its own
   * timeout. Chain work onto the stage instead.
   *
   * @return a stage that completes when the last transport connection has ended: its closing
   *     handshake finished, timed out ({@code closeTimeout}) or the attempt was abandoned
   * @throws IllegalArgumentException if the code or reason is invalid; nothing changes then
   */
  public CompletionStage<Void> shutdown(int code, String reason) {
    return engine.shutdown(code, reason);
  }

  /** Reconnects with code 1000; see {@link #reconnect(int, String)}. */
  public void reconnect() {
    reconnect(CloseCodes.NORMAL_CLOSURE, "");
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
  public void reconnect(int code, String reason) {
    engine.reconnect(code, reason);
  }

  /** Returns {@link #CONNECTING}, {@link #OPEN}, {@link #CLOSING} or {@link #CLOSED}. */
  public int readyState() {
    return engine.readyState();
  }

  /**
   * Returns the number of the current or next attempt since the last reset, counting from 0. Close
   * and error listeners already see the number of the attempt that follows.
   */
  public int retryCount() {
    return engine.retryCount();
  }

  /**
   * Returns the payload bytes waiting to be sent: the UTF-8 length of queued text and the length of
   * queued binary messages, plus what the transport has accepted and not yet written.
   */
  public long bufferedAmount() {
    return engine.bufferedAmount();
  }

  /** Returns the number of messages waiting in the queue, not yet handed to a connection. */
  public int queuedMessageCount() {
    return engine.queuedMessageCount();
  }

  /** Returns the URL of the latest attempt that reached the transport, or an empty string. */
  public String url() {
    return engine.url();
  }

  /** Returns the subprotocol of the latest open connection, or an empty string. */
  public String protocol() {
    return engine.protocol();
  }

  /** Returns the extensions of the latest open connection, comma-separated, or an empty string. */
  public String extensions() {
    return engine.extensions();
  }

  /**
   * Returns whether the socket reconnects by itself: false after {@link #close()}, with {@code
   * startClosed} before {@link #reconnect()}, and after a {@link GiveUpEvent}.
   */
  public boolean shouldReconnect() {
    return engine.shouldReconnect();
  }

  /** Returns the options in effect. */
  public WebSocketOptions options() {
    return engine.options();
  }

  /** Returns the transport this socket uses. */
  public WebSocketFactory transport() {
    return engine.transport();
  }

  /** Adds an observer of message sizes, drops and heartbeat round trips. */
  public void addObserver(SocketObserver observer) {
    engine.addObserver(observer);
  }

  /** Removes an observer; removing one that is not registered has no effect. */
  public void removeObserver(SocketObserver observer) {
    engine.removeObserver(observer);
  }

  /** Sets the Level 0 open handler, replacing the previous one; {@code null} removes it. */
  public void onOpen(Consumer<? super OpenEvent> handler) {
    engine.events().setHandler(EventType.OPEN, handler);
  }

  /** Returns the Level 0 open handler, or {@code null}. */
  public Consumer<? super OpenEvent> onOpen() {
    return engine.events().handler(EventType.OPEN);
  }

  /** Sets the Level 0 message handler, replacing the previous one; {@code null} removes it. */
  public void onMessage(Consumer<? super MessageEvent> handler) {
    engine.events().setHandler(EventType.MESSAGE, handler);
  }

  /** Returns the Level 0 message handler, or {@code null}. */
  public Consumer<? super MessageEvent> onMessage() {
    return engine.events().handler(EventType.MESSAGE);
  }

  /** Sets the Level 0 close handler, replacing the previous one; {@code null} removes it. */
  public void onClose(Consumer<? super CloseEvent> handler) {
    engine.events().setHandler(EventType.CLOSE, handler);
  }

  /** Returns the Level 0 close handler, or {@code null}. */
  public Consumer<? super CloseEvent> onClose() {
    return engine.events().handler(EventType.CLOSE);
  }

  /** Sets the Level 0 error handler, replacing the previous one; {@code null} removes it. */
  public void onError(Consumer<? super ErrorEvent> handler) {
    engine.events().setHandler(EventType.ERROR, handler);
  }

  /** Returns the Level 0 error handler, or {@code null}. */
  public Consumer<? super ErrorEvent> onError() {
    return engine.events().handler(EventType.ERROR);
  }

  /** Sets the Level 0 give-up handler, replacing the previous one; {@code null} removes it. */
  public void onGiveUp(Consumer<? super GiveUpEvent> handler) {
    engine.events().setHandler(EventType.GIVE_UP, handler);
  }

  /** Returns the Level 0 give-up handler, or {@code null}. */
  public Consumer<? super GiveUpEvent> onGiveUp() {
    return engine.events().handler(EventType.GIVE_UP);
  }

  /**
   * Adds a Level 2 listener. Adding the same listener object for the same type again has no effect.
   */
  public <E extends WebSocketEvent> void addEventListener(
      EventType<E> type, Consumer<? super E> listener) {
    engine.events().add(type, listener, false);
  }

  /**
   * Adds a Level 2 listener that is removed before its first call when {@code once} is true. Adding
   * the same listener object for the same type again has no effect.
   */
  public <E extends WebSocketEvent> void addEventListener(
      EventType<E> type, Consumer<? super E> listener, boolean once) {
    engine.events().add(type, listener, once);
  }

  /** Removes a Level 2 listener; removing one that is not registered has no effect. */
  public <E extends WebSocketEvent> void removeEventListener(
      EventType<E> type, Consumer<? super E> listener) {
    engine.events().remove(type, listener);
  }
}
