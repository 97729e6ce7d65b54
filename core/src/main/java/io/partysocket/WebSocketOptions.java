package io.partysocket;

import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The settings of a {@link ReconnectingWebSocket}. Names and defaults are those of the original
 * PartySocket; durations are {@link Duration}s where the original uses milliseconds.
 *
 * <p>Instances are immutable and built with {@link #builder()}; {@link #toBuilder()} derives a
 * changed copy. Every value is checked when it is set, and {@link Builder#build()} checks values
 * that depend on each other.
 */
public final class WebSocketOptions {

  /** Default {@code maxReconnectionDelay}: 10 seconds. */
  public static final Duration DEFAULT_MAX_RECONNECTION_DELAY = Duration.ofMillis(10_000);

  /** Default {@code reconnectionDelayGrowFactor}: 1.3. */
  public static final double DEFAULT_RECONNECTION_DELAY_GROW_FACTOR = 1.3;

  /** Default {@code minUptime}: 5 seconds. */
  public static final Duration DEFAULT_MIN_UPTIME = Duration.ofMillis(5_000);

  /** Default {@code connectionTimeout}: 4 seconds. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofMillis(4_000);

  /** Default {@code heartbeatInterval}: 30 seconds. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);

  /** Default {@code heartbeatTimeout}: 10 seconds. */
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  /** Returns the system property that names the transport when the options name none. */
  public static final String TRANSPORT_PROPERTY = "partysocket.transport";

  private static final WebSocketOptions DEFAULTS = new Builder().build();

  private final Duration maxReconnectionDelay;
  private final Duration minReconnectionDelay;
  private final double reconnectionDelayGrowFactor;
  private final Duration minUptime;
  private final Duration connectionTimeout;
  private final int maxRetries;
  private final int maxEnqueuedMessages;
  private final boolean startClosed;
  private final Predicate<? super CloseEvent> shouldReconnectOnClose;
  private final boolean debug;
  private final DebugLogger debugLogger;
  private final WebSocketFactory transport;
  private final String transportName;
  private final Map<String, List<String>> headers;
  private final Duration closeTimeout;
  private final long maxInboundMessageBytes;
  private final boolean compression;
  private final SSLContext sslContext;
  private final SSLParameters sslParameters;
  private final Scheduler scheduler;
  private final RandomGenerator random;
  private final Duration heartbeatInterval;
  private final Duration heartbeatTimeout;
  private final FailurePolicy failurePolicy;
  private final double reconnectionDelayJitter;
  private final ConnectGate connectGate;
  private final long maxEnqueuedBytes;
  private final OverflowPolicy overflowPolicy;
  private final ConnectHook connectHook;
  private final HeadersProvider headersProvider;
  private final List<InitialListener<?>> listeners;
  private final List<SocketObserver> observers;

  private WebSocketOptions(Builder builder) {
    this.maxReconnectionDelay = builder.maxReconnectionDelay;
    this.minReconnectionDelay = builder.minReconnectionDelay;
    this.reconnectionDelayGrowFactor = builder.reconnectionDelayGrowFactor;
    this.minUptime = builder.minUptime;
    this.connectionTimeout = builder.connectionTimeout;
    this.maxRetries = builder.maxRetries;
    this.maxEnqueuedMessages = builder.maxEnqueuedMessages;
    this.startClosed = builder.startClosed;
    this.shouldReconnectOnClose = builder.shouldReconnectOnClose;
    this.debug = builder.debug;
    this.debugLogger = builder.debugLogger;
    this.transport = builder.transport;
    this.transportName = builder.transportName;
    LinkedHashMap<String, List<String>> headerCopy = new LinkedHashMap<>();
    builder.headers.forEach((name, values) -> headerCopy.put(name, List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(headerCopy);
    this.closeTimeout = builder.closeTimeout;
    this.maxInboundMessageBytes = builder.maxInboundMessageBytes;
    this.compression = builder.compression;
    this.sslContext = builder.sslContext;
    this.sslParameters = builder.sslParameters;
    this.scheduler = builder.scheduler;
    this.random = builder.random;
    this.heartbeatInterval = builder.heartbeatInterval;
    this.heartbeatTimeout = builder.heartbeatTimeout;
    this.failurePolicy = builder.failurePolicy;
    this.reconnectionDelayJitter = builder.reconnectionDelayJitter;
    this.connectGate = builder.connectGate;
    this.maxEnqueuedBytes = builder.maxEnqueuedBytes;
    this.overflowPolicy = builder.overflowPolicy;
    this.connectHook = builder.connectHook;
    this.headersProvider = builder.headersProvider;
    this.listeners = List.copyOf(builder.listeners);
    this.observers = List.copyOf(builder.observers);
  }

  /** Returns the options with every default. */
  public static WebSocketOptions defaults() {
    return DEFAULTS;
  }

  /** Returns a builder holding every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding these options, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns the cap of the reconnect delay. Default 10 s. */
  public Duration maxReconnectionDelay() {
    return maxReconnectionDelay;
  }

  /**
   * Returns the delay before the first retry, or {@code null} when unset. Unset means a value drawn
   * once per socket, uniformly between 1 and 5 seconds, so that a fleet of clients spreads out.
   */
  public Duration minReconnectionDelay() {
    return minReconnectionDelay;
  }

  /** Returns how much each retry's delay grows over the previous one. Default 1.3. */
  public double reconnectionDelayGrowFactor() {
    return reconnectionDelayGrowFactor;
  }

  /** Returns how long a connection must stay open before the retry counter resets. Default 5 s. */
  public Duration minUptime() {
    return minUptime;
  }

  /** Returns how long an attempt may take from the transport connect to open. Default 4 s. */
  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  /**
   * Returns how many retries may follow the first attempt before the socket gives up; {@link
   * Integer#MAX_VALUE} (the default) means no limit.
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * Returns how many messages the queue keeps while the socket is not open; {@link
   * Integer#MAX_VALUE} (the default) means no limit.
   */
  public int maxEnqueuedMessages() {
    return maxEnqueuedMessages;
  }

  /**
   * Returns whether the socket waits for {@link ReconnectingWebSocket#reconnect()}. Default false.
   */
  public boolean startClosed() {
    return startClosed;
  }

  /**
   * Returns the test applied to every close event of a connection; when it returns false the socket
   * stops reconnecting. {@code null} (the default) always reconnects.
   */
  public Predicate<? super CloseEvent> shouldReconnectOnClose() {
    return shouldReconnectOnClose;
  }

  /** Returns whether the debug trace is on. Default false. */
  public boolean debug() {
    return debug;
  }

  /** Returns where the debug trace goes. Default standard error. */
  public DebugLogger debugLogger() {
    return debugLogger;
  }

  /** Returns the transport to use, or {@code null} to select one by name or priority. */
  public WebSocketFactory transport() {
    return transport;
  }

  /**
   * Returns the name of the transport to use, or {@code null} to use the system property {@value
   * #TRANSPORT_PROPERTY} and then the highest priority.
   */
  public String transportName() {
    return transportName;
  }

  /** Extra request headers for every attempt, in the order added. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * Returns how long to wait for the peer's close frame before dropping the connection. Default 5
   * s.
   */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /**
   * Returns the largest inbound message in bytes; a larger one closes with 1009. Default 16 MiB.
   */
  public long maxInboundMessageBytes() {
    return maxInboundMessageBytes;
  }

  /** Returns whether to offer permessage-deflate where the transport can. Default false. */
  public boolean compression() {
    return compression;
  }

  /** Returns the TLS context for {@code wss}, or {@code null} for the JVM's default. */
  public SSLContext sslContext() {
    return sslContext;
  }

  /** Returns the TLS parameters for {@code wss}, or {@code null} for the transport's default. */
  public SSLParameters sslParameters() {
    return sslParameters;
  }

  /** Returns the clock and timer, or {@code null} for {@link Scheduler#shared()}. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** Returns the random source, or {@code null} for a new one per socket. */
  public RandomGenerator random() {
    return random;
  }

  /**
   * Returns the interval between heartbeat pings, 30 s by default, or {@link Duration#ZERO} for
   * none. See {@link Builder#heartbeatInterval(Duration)}.
   */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * Returns how long after a heartbeat ping the connection may stay silent before it is dropped.
   */
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  /**
   * Returns the decision to retry or stop after each failure. Default {@link
   * FailurePolicy#standard()}.
   */
  public FailurePolicy failurePolicy() {
    return failurePolicy;
  }

  /**
   * Returns the share of each reconnect delay that is random, from 0 (the default, the original's
   * exact delays) to 1 (full jitter).
   */
  public double reconnectionDelayJitter() {
    return reconnectionDelayJitter;
  }

  /** Returns the cap on attempts in flight, or {@code null} for the transport's default gate. */
  public ConnectGate connectGate() {
    return connectGate;
  }

  /**
   * Returns the payload bytes the queue keeps while the socket is not open; {@link Long#MAX_VALUE}
   * (the default) means no limit.
   */
  public long maxEnqueuedBytes() {
    return maxEnqueuedBytes;
  }

  /**
   * Returns what {@code send} does when the queue is full. Default {@link
   * OverflowPolicy#REJECT_NEW}.
   */
  public OverflowPolicy overflowPolicy() {
    return overflowPolicy;
  }

  /** Returns the hook run when a connection opens, before the backlog, or {@code null}. */
  public ConnectHook connectHook() {
    return connectHook;
  }

  /** Returns the handshake headers resolved on every attempt. Default none. */
  public HeadersProvider headersProvider() {
    return headersProvider;
  }

  /** Returns the Level 2 listeners a socket registers before its first attempt, in order. */
  List<InitialListener<?>> initialListeners() {
    return listeners;
  }

  /** Returns the observers a socket registers before its first attempt, in order. */
  public List<SocketObserver> observers() {
    return observers;
  }

  /** A listener given to the builder, with its event type. */
  record InitialListener<E extends WebSocketEvent>(
      EventType<E> type, Consumer<? super E> listener) {

    /** Registers the listener on {@code socket}. */
    void addTo(ReconnectingWebSocket socket) {
      socket.addEventListener(type, listener);
    }
  }

  /** Builds {@link WebSocketOptions}. Not thread-safe. */
  public static final class Builder {
    private Duration maxReconnectionDelay = DEFAULT_MAX_RECONNECTION_DELAY;
    private Duration minReconnectionDelay;
    private double reconnectionDelayGrowFactor = DEFAULT_RECONNECTION_DELAY_GROW_FACTOR;
    private Duration minUptime = DEFAULT_MIN_UPTIME;
    private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
    private int maxRetries = Integer.MAX_VALUE;
    private int maxEnqueuedMessages = Integer.MAX_VALUE;
    private boolean startClosed;
    private Predicate<? super CloseEvent> shouldReconnectOnClose;
    private boolean debug;
    private DebugLogger debugLogger = DebugLogger.standardError();
    private WebSocketFactory transport;
    private String transportName;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private Duration closeTimeout = ConnectRequest.DEFAULT_CLOSE_TIMEOUT;
    private long maxInboundMessageBytes = ConnectRequest.DEFAULT_MAX_INBOUND_MESSAGE_BYTES;
    private boolean compression;
    private SSLContext sslContext;
    private SSLParameters sslParameters;
    private Scheduler scheduler;
    private RandomGenerator random;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
    private FailurePolicy failurePolicy = FailurePolicy.standard();
    private double reconnectionDelayJitter;
    private ConnectGate connectGate;
    private long maxEnqueuedBytes = Long.MAX_VALUE;
    private OverflowPolicy overflowPolicy = OverflowPolicy.REJECT_NEW;
    private ConnectHook connectHook;
    private HeadersProvider headersProvider = HeadersProvider.NONE;
    private final List<InitialListener<?>> listeners = new ArrayList<>();
    private final List<SocketObserver> observers = new ArrayList<>();

    private Builder() {}

    private Builder(WebSocketOptions options) {
      this.maxReconnectionDelay = options.maxReconnectionDelay;
      this.minReconnectionDelay = options.minReconnectionDelay;
      this.reconnectionDelayGrowFactor = options.reconnectionDelayGrowFactor;
      this.minUptime = options.minUptime;
      this.connectionTimeout = options.connectionTimeout;
      this.maxRetries = options.maxRetries;
      this.maxEnqueuedMessages = options.maxEnqueuedMessages;
      this.startClosed = options.startClosed;
      this.shouldReconnectOnClose = options.shouldReconnectOnClose;
      this.debug = options.debug;
      this.debugLogger = options.debugLogger;
      this.transport = options.transport;
      this.transportName = options.transportName;
      options.headers.forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
      this.closeTimeout = options.closeTimeout;
      this.maxInboundMessageBytes = options.maxInboundMessageBytes;
      this.compression = options.compression;
      this.sslContext = options.sslContext;
      this.sslParameters = options.sslParameters;
      this.scheduler = options.scheduler;
      this.random = options.random;
      this.heartbeatInterval = options.heartbeatInterval;
      this.heartbeatTimeout = options.heartbeatTimeout;
      this.failurePolicy = options.failurePolicy;
      this.reconnectionDelayJitter = options.reconnectionDelayJitter;
      this.connectGate = options.connectGate;
      this.maxEnqueuedBytes = options.maxEnqueuedBytes;
      this.overflowPolicy = options.overflowPolicy;
      this.connectHook = options.connectHook;
      this.headersProvider = options.headersProvider;
      this.listeners.addAll(options.listeners);
      this.observers.addAll(options.observers);
    }

    /**
     * Sets the cap of the reconnect delay.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxReconnectionDelay(Duration delay) {
      this.maxReconnectionDelay = requireNonNegative(delay, "maxReconnectionDelay");
      return this;
    }

    /**
     * Sets the delay before the first retry, or {@code null} for a random value between 1 and 5
     * seconds drawn per socket.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder minReconnectionDelay(Duration delay) {
      this.minReconnectionDelay =
          delay == null ? null : requireNonNegative(delay, "minReconnectionDelay");
      return this;
    }

    /**
     * Sets how much each retry's delay grows.
     *
     * @throws IllegalArgumentException if less than 1 or not finite
     */
    public Builder reconnectionDelayGrowFactor(double factor) {
      if (!(factor >= 1.0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException(
            "reconnectionDelayGrowFactor must be a finite number of at least 1 but was " + factor);
      }
      this.reconnectionDelayGrowFactor = factor;
      return this;
    }

    /**
     * Sets how long a connection must stay open before the retry counter resets.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder minUptime(Duration uptime) {
      this.minUptime = requireNonNegative(uptime, "minUptime");
      return this;
    }

    /**
     * Sets how long an attempt may take from the transport connect to open.
     *
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder connectionTimeout(Duration timeout) {
      this.connectionTimeout = requirePositive(timeout, "connectionTimeout");
      return this;
    }

    /**
     * Sets how many retries may follow the first attempt; {@link Integer#MAX_VALUE} means no limit.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("maxRetries must be at least 0 but was " + retries);
      }
      this.maxRetries = retries;
      return this;
    }

    /**
     * Sets how many messages the queue holds; {@link Integer#MAX_VALUE} means no limit and 0
     * rejects every message sent while not open.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxEnqueuedMessages(int messages) {
      if (messages < 0) {
        throw new IllegalArgumentException(
            "maxEnqueuedMessages must be at least 0 but was " + messages);
      }
      this.maxEnqueuedMessages = messages;
      return this;
    }

    /** Sets whether the socket waits for {@link ReconnectingWebSocket#reconnect()}. */
    public Builder startClosed(boolean closed) {
      this.startClosed = closed;
      return this;
    }

    /**
     * Sets the test applied to every close event, or {@code null} to always reconnect. It runs
     * inside the socket's state transition: keep it fast and do not call the socket from it.
     */
    public Builder shouldReconnectOnClose(Predicate<? super CloseEvent> predicate) {
      this.shouldReconnectOnClose = predicate;
      return this;
    }

    /** Turns the debug trace on or off. */
    public Builder debug(boolean on) {
      this.debug = on;
      return this;
    }

    /**
     * Sets where the debug trace goes. The logger must return quickly and must not call the socket;
     * see {@link DebugLogger}.
     */
    public Builder debugLogger(DebugLogger logger) {
      this.debugLogger = Objects.requireNonNull(logger, "debugLogger");
      return this;
    }

    /**
     * Sets the transport, or {@code null} to select one by name or priority. The socket never
     * closes a transport given here.
     */
    public Builder transport(WebSocketFactory factory) {
      this.transport = factory;
      return this;
    }

    /**
     * Sets the name of the transport to find with {@link java.util.ServiceLoader}, such as {@code
     * "jdk"} or {@code "netty"}, or {@code null}.
     *
     * @throws IllegalArgumentException if the name is blank
     */
    public Builder transportName(String name) {
      if (name != null && name.isBlank()) {
        throw new IllegalArgumentException(
            "transportName must be a transport name such as \"jdk\" but was blank");
      }
      this.transportName = name;
      return this;
    }

    /**
     * Adds a request header value for every attempt.
     *
     * @throws IllegalArgumentException if the header is reserved for the handshake or malformed
     */
    public Builder header(String name, String value) {
      // The SPI's builder applies the same checks the transports rely on, so reuse it.
      ConnectRequest.builder(java.net.URI.create("ws://localhost")).header(name, value);
      String key = name;
      for (String existing : headers.keySet()) {
        if (existing.equalsIgnoreCase(name)) {
          key = existing;
        }
      }
      headers.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** Removes every request header added so far. */
    public Builder clearHeaders() {
      headers.clear();
      return this;
    }

    /**
     * Sets how long to wait for the peer's close frame.
     *
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = requirePositive(timeout, "closeTimeout");
      return this;
    }

    /**
     * Sets the largest inbound message in bytes.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxInboundMessageBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException(
            "maxInboundMessageBytes must be at least 1 but was " + bytes);
      }
      this.maxInboundMessageBytes = bytes;
      return this;
    }

    /** Sets whether to offer permessage-deflate. */
    public Builder compression(boolean offer) {
      this.compression = offer;
      return this;
    }

    /** Sets the TLS context, or {@code null} for the JVM's default. */
    public Builder sslContext(SSLContext context) {
      this.sslContext = context;
      return this;
    }

    /** Sets the TLS parameters, or {@code null} for the transport's default. */
    public Builder sslParameters(SSLParameters parameters) {
      this.sslParameters = parameters;
      return this;
    }

    /** Sets the clock and timer, or {@code null} for {@link Scheduler#shared()}. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /** Sets the random source, or {@code null} for a new one per socket. */
    public Builder random(RandomGenerator random) {
      this.random = random;
      return this;
    }

    /**
     * Sets the interval between heartbeat pings; {@link Duration#ZERO} turns the heartbeat off.
     * While a connection is open the socket pings at this interval, and when nothing at all arrives
     * (pong, message or the peer's ping) within {@code heartbeatTimeout} of a ping, it drops the
     * connection and reconnects, with a close event of code 1006 and reason {@code "heartbeat
     * timeout"}. Transports that cannot ping use their own keep-alive at this interval where they
     * have one.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = requireNonNegative(interval, "heartbeatInterval");
      return this;
    }

    /**
     * Sets how long after a heartbeat ping the connection may stay silent. Default 10 s. When
     * nothing arrives within this time after a ping, the connection is declared dead. Pings keep to
     * {@link #heartbeatInterval} even when this timeout is longer.
     *
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder heartbeatTimeout(Duration timeout) {
      this.heartbeatTimeout = requirePositive(timeout, "heartbeatTimeout");
      return this;
    }

    /** Sets the decision to retry or stop after each failure. */
    public Builder failurePolicy(FailurePolicy policy) {
      this.failurePolicy = Objects.requireNonNull(policy, "failurePolicy");
      return this;
    }

    /**
     * Sets the random share of each reconnect delay: the delay becomes {@code d * (1 - jitter * u)}
     * with {@code u} uniform in [0, 1), applied after the {@code maxReconnectionDelay} cap so that
     * sockets at the cap still spread out. 0 keeps the original's exact delays; 1 is full jitter.
     *
     * @throws IllegalArgumentException if not between 0 and 1
     */
    public Builder reconnectionDelayJitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException(
            "reconnectionDelayJitter must be between 0 and 1 but was " + jitter);
      }
      this.reconnectionDelayJitter = jitter;
      return this;
    }

    /**
     * Sets the cap on attempts in flight shared with other sockets, or {@code null} for the
     * transport's default gate of {@value ConnectGate#DEFAULT_MAX_IN_FLIGHT}.
     */
    public Builder connectGate(ConnectGate gate) {
      this.connectGate = gate;
      return this;
    }

    /**
     * Sets the payload bytes the queue keeps while not open; {@link Long#MAX_VALUE} means no limit.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxEnqueuedBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxEnqueuedBytes must be at least 0 but was " + bytes);
      }
      this.maxEnqueuedBytes = bytes;
      return this;
    }

    /** Sets what {@code send} does when the queue is full. */
    public Builder overflowPolicy(OverflowPolicy policy) {
      this.overflowPolicy = Objects.requireNonNull(policy, "overflowPolicy");
      return this;
    }

    /** Sets the hook run when a connection opens, before the backlog, or {@code null}. */
    public Builder connectHook(ConnectHook hook) {
      this.connectHook = hook;
      return this;
    }

    /**
     * Adds a Level 2 listener that each socket built with these options registers in its
     * constructor, before the first attempt starts, so it receives every event from the first one.
     * Listeners added to a socket after construction may miss the first attempt's events, because
     * that attempt starts at once on a scheduler thread.
     */
    public <E extends WebSocketEvent> Builder addEventListener(
        EventType<E> type, Consumer<? super E> listener) {
      listeners.add(
          new InitialListener<>(
              Objects.requireNonNull(type, "type"), Objects.requireNonNull(listener, "listener")));
      return this;
    }

    /**
     * Adds an observer that each socket built with these options registers before its first
     * attempt; see {@link #addEventListener}.
     */
    public Builder addObserver(SocketObserver observer) {
      observers.add(Objects.requireNonNull(observer, "observer"));
      return this;
    }

    /** Sets the handshake headers resolved on every attempt. */
    public Builder headersProvider(HeadersProvider provider) {
      this.headersProvider = Objects.requireNonNull(provider, "headersProvider");
      return this;
    }

    /**
     * Returns the options.
     *
     * @throws IllegalArgumentException if {@code minReconnectionDelay} is greater than {@code
     *     maxReconnectionDelay}
     */
    public WebSocketOptions build() {
      if (minReconnectionDelay != null
          && minReconnectionDelay.compareTo(maxReconnectionDelay) > 0) {
        throw new IllegalArgumentException(
            "minReconnectionDelay must not be greater than maxReconnectionDelay but was "
                + minReconnectionDelay.toMillis()
                + " ms > "
                + maxReconnectionDelay.toMillis()
                + " ms");
      }
      return new WebSocketOptions(this);
    }
  }

  private static Duration requireNonNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must be zero or positive but was " + value);
    }
    return value;
  }

  private static Duration requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
    return value;
  }
}
