package io.partysocket.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.partysocket.AttemptEvent;
import io.partysocket.CloseEvent;
import io.partysocket.EventType;
import io.partysocket.GiveUpEvent;
import io.partysocket.HeartbeatTimeoutException;
import io.partysocket.OpenEvent;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.SocketObserver;
import io.partysocket.UnsentMessageException;
import io.partysocket.spi.ConnectFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The meters of one socket in one registry, and the event listeners and observer that update them.
 * {@link PartySocketMetrics} documents every meter.
 *
 * <p>Thread-safe. The socket delivers events one at a time, but observer calls arrive concurrently
 * from the threads that do the work, and {@link #stop()} may run on any thread.
 */
final class SocketMeters implements SocketObserver {

  /** The {@code cause} tag of a connection that was open and then dropped. */
  static final String CLOSED_CAUSE = "closed";

  /** The {@code cause} tag of a connection the heartbeat found silent and dropped. */
  static final String HEARTBEAT_CAUSE = "heartbeat_timeout";

  /** The {@code cause} tag of a failed attempt whose cause is not a ConnectFailedException. */
  static final String OTHER_CAUSE = "other";

  private static final String FAILURES = "partysocket.failures";

  private final MeterRegistry registry;
  private final ReconnectingWebSocket socket;
  private final Tags tags;
  private final Clock clock;

  /** Every meter registered here, removed again by {@link #stop()}. Guarded by {@code this}. */
  private final List<Meter> meters = new ArrayList<>();

  private final Counter attempts;
  private final Counter opened;
  private final Counter sent;
  private final Counter sentBytes;
  private final Counter received;
  private final Counter receivedBytes;
  private final Counter pings;
  private final Timer reconnectTime;
  private final Timer connectedTime;
  private final Timer roundTrip;
  private final Map<UnsentMessageException.Reason, Counter> unsent;
  private final Map<GiveUpEvent.Reason, Counter> giveUps;

  /** Failure counters by cause and code, registered on first use. */
  private final Map<String, Counter> failures = new ConcurrentHashMap<>();

  private final Consumer<AttemptEvent> attemptListener = this::onAttempt;
  private final Consumer<OpenEvent> openListener = this::onOpen;
  private final Consumer<CloseEvent> closeListener = this::onClose;
  private final Consumer<GiveUpEvent> giveUpListener = this::onGiveUp;

  // Guarded by this.
  private boolean stopped;
  private boolean open;
  private long openSince;
  private boolean down;
  private long downSince;

  private SocketMeters(MeterRegistry registry, ReconnectingWebSocket socket, Tags tags) {
    this.registry = registry;
    this.socket = socket;
    this.tags = tags;
    this.clock = registry.config().clock();
    registerGauges();
    attempts = counter("partysocket.attempts", "Connection attempts scheduled", "attempts");
    opened = counter("partysocket.connections.opened", "Connections opened", BaseUnits.CONNECTIONS);
    sent = counter("partysocket.messages.sent", "Messages written", BaseUnits.MESSAGES);
    sentBytes =
        counter("partysocket.messages.sent.bytes", "Payload bytes written", BaseUnits.BYTES);
    received = counter("partysocket.messages.received", "Messages received", BaseUnits.MESSAGES);
    receivedBytes =
        counter("partysocket.messages.received.bytes", "Payload bytes received", BaseUnits.BYTES);
    pings = counter("partysocket.heartbeat.pings", "Heartbeat pings sent", "pings");
    reconnectTime =
        timer("partysocket.reconnect.duration", "Time from a dropped connection to the next open");
    connectedTime =
        timer("partysocket.connection.duration", "Time from an open to its connection's close");
    roundTrip = timer("partysocket.heartbeat.rtt", "Round-trip time of heartbeat pings");
    unsent = unsentCounters();
    giveUps = giveUpCounters();
  }

  /** Registers the meters of {@code socket} in {@code registry} and starts updating them. */
  static SocketMeters start(MeterRegistry registry, ReconnectingWebSocket socket, Tags tags) {
    SocketMeters meters = new SocketMeters(registry, socket, tags);
    meters.listen();
    return meters;
  }

  MeterRegistry registry() {
    return registry;
  }

  private void listen() {
    synchronized (this) {
      if (socket.readyState() == ReconnectingWebSocket.OPEN) {
        open = true;
        openSince = clock.monotonicTime();
      }
    }
    socket.addEventListener(EventType.ATTEMPT, attemptListener);
    socket.addEventListener(EventType.OPEN, openListener);
    socket.addEventListener(EventType.CLOSE, closeListener);
    socket.addEventListener(EventType.GIVE_UP, giveUpListener);
    socket.addObserver(this);
  }

  /** Stops listening to the socket and removes every meter from the registry. */
  void stop() {
    socket.removeObserver(this);
    socket.removeEventListener(EventType.ATTEMPT, attemptListener);
    socket.removeEventListener(EventType.OPEN, openListener);
    socket.removeEventListener(EventType.CLOSE, closeListener);
    socket.removeEventListener(EventType.GIVE_UP, giveUpListener);
    List<Meter> registered;
    synchronized (this) {
      stopped = true;
      registered = List.copyOf(meters);
      meters.clear();
    }
    registered.forEach(registry::remove);
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  private void onAttempt(AttemptEvent event) {
    attempts.increment();
    if (event.previous() == null) {
      // A first attempt, or a restart by reconnect(), replaces no dropped connection.
      synchronized (this) {
        down = false;
      }
    }
  }

  private void onOpen(OpenEvent event) {
    long now = clock.monotonicTime();
    synchronized (this) {
      if (down) {
        reconnectTime.record(now - downSince, TimeUnit.NANOSECONDS);
        down = false;
      }
      open = true;
      openSince = now;
    }
    // Counted last, so the reconnect time is recorded before the count changes.
    opened.increment();
  }

  private void onClose(CloseEvent event) {
    long now = clock.monotonicTime();
    boolean wasOpen;
    synchronized (this) {
      wasOpen = open;
      if (open) {
        open = false;
        connectedTime.record(now - openSince, TimeUnit.NANOSECONDS);
      }
    }
    if (!wasOpen) {
      // Events from close() during an attempt are local and clean, with no cause.
      if (event.remote() || event.cause() != null) {
        countFailure(causeOf(event), event.code());
      }
    } else if (event.remote() || !event.wasClean()) {
      boolean silent = event.cause() instanceof HeartbeatTimeoutException;
      countFailure(silent ? HEARTBEAT_CAUSE : CLOSED_CAUSE, event.code());
      synchronized (this) {
        down = true;
        downSince = now;
      }
    }
  }

  private void onGiveUp(GiveUpEvent event) {
    giveUps.get(event.reason()).increment();
    synchronized (this) {
      down = false;
    }
  }

  private static String causeOf(CloseEvent event) {
    if (event.cause() instanceof ConnectFailedException failure) {
      return tagValue(failure.kind());
    }
    return OTHER_CAUSE;
  }

  private void countFailure(String cause, int code) {
    String key = cause + ' ' + code;
    Counter counter = failures.get(key);
    if (counter == null) {
      synchronized (this) {
        if (stopped) {
          return;
        }
        counter =
            failures.computeIfAbsent(
                key,
                unused ->
                    track(
                        Counter.builder(FAILURES)
                            .description("Failed connection attempts and dropped connections")
                            .baseUnit("failures")
                            .tags(tags)
                            .tag("cause", cause)
                            .tag("code", Integer.toString(code))
                            .register(registry)));
      }
    }
    counter.increment();
  }

  // ---------------------------------------------------------------------------------------------
  // SocketObserver

  @Override
  public void messageWritten(long bytes) {
    // Bytes first, so they are counted before the message count changes.
    sentBytes.increment(bytes);
    sent.increment();
  }

  @Override
  public void messageReceived(long bytes) {
    receivedBytes.increment(bytes);
    received.increment();
  }

  @Override
  public void messageUnsent(UnsentMessageException.Reason reason) {
    unsent.get(reason).increment();
  }

  @Override
  public void heartbeatPing() {
    pings.increment();
  }

  @Override
  public void heartbeatPong(Duration roundTripTime) {
    roundTrip.record(roundTripTime);
  }

  // ---------------------------------------------------------------------------------------------
  // Registration

  private void registerGauges() {
    track(
        Gauge.builder("partysocket.state", socket, ReconnectingWebSocket::readyState)
            .description("readyState: 0 connecting, 1 open, 2 closing, 3 closed")
            .tags(tags)
            .register(registry));
    track(
        Gauge.builder(
                "partysocket.queue.messages", socket, ReconnectingWebSocket::queuedMessageCount)
            .description("Messages waiting for an open connection")
            .baseUnit(BaseUnits.MESSAGES)
            .tags(tags)
            .register(registry));
    track(
        Gauge.builder("partysocket.buffered.bytes", socket, ReconnectingWebSocket::bufferedAmount)
            .description("Payload bytes queued or accepted by the transport and not yet written")
            .baseUnit(BaseUnits.BYTES)
            .tags(tags)
            .register(registry));
  }

  private Map<UnsentMessageException.Reason, Counter> unsentCounters() {
    Map<UnsentMessageException.Reason, Counter> counters =
        new EnumMap<>(UnsentMessageException.Reason.class);
    for (UnsentMessageException.Reason reason : UnsentMessageException.Reason.values()) {
      counters.put(
          reason,
          track(
              Counter.builder("partysocket.messages.unsent")
                  .description("Messages that will never be sent")
                  .baseUnit(BaseUnits.MESSAGES)
                  .tags(tags)
                  .tag("reason", tagValue(reason))
                  .register(registry)));
    }
    return counters;
  }

  private Map<GiveUpEvent.Reason, Counter> giveUpCounters() {
    Map<GiveUpEvent.Reason, Counter> counters = new EnumMap<>(GiveUpEvent.Reason.class);
    for (GiveUpEvent.Reason reason : GiveUpEvent.Reason.values()) {
      counters.put(
          reason,
          track(
              Counter.builder("partysocket.giveups")
                  .description("Times the socket stopped reconnecting")
                  .baseUnit(BaseUnits.EVENTS)
                  .tags(tags)
                  .tag("reason", tagValue(reason))
                  .register(registry)));
    }
    return counters;
  }

  private Counter counter(String name, String description, String unit) {
    return track(
        Counter.builder(name)
            .description(description)
            .baseUnit(unit)
            .tags(tags)
            .register(registry));
  }

  private Timer timer(String name, String description) {
    return track(Timer.builder(name).description(description).tags(tags).register(registry));
  }

  private synchronized <M extends Meter> M track(M meter) {
    meters.add(meter);
    return meter;
  }

  /** Returns an enum constant as a tag value: its name in lower case. */
  static String tagValue(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }
}
