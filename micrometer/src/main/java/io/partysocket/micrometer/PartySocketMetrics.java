package io.partysocket.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.partysocket.ReconnectingWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Binds the meters of one {@link ReconnectingWebSocket} (or {@link io.partysocket.PartySocket}) to
 * Micrometer registries. Every meter carries the tags given to the constructor, so that the meters
 * of several sockets stay apart.
 *
 * <pre>{@code
 * ReconnectingWebSocket socket = new ReconnectingWebSocket(
 *     "wss://prices.example/ws", WebSocketOptions.builder().startClosed(true).build());
 * PartySocketMetrics metrics =
 *     PartySocketMetrics.monitor(registry, socket, Tags.of("socket", "prices"));
 * socket.reconnect();
 * // ...
 * socket.close();
 * metrics.close(); // removes the meters from the registry
 * }</pre>
 *
 * <p>The meters count what happens after {@link #bindTo}. A socket starts its first attempt when it
 * is constructed, so bind a socket created with {@code startClosed(true)} and then call {@link
 * ReconnectingWebSocket#reconnect()}, as above, to count the first attempt and open too. A socket
 * that is already open when bound has its connection time measured from the bind.
 *
 * <h2>Meters</h2>
 *
 * <table class="striped">
 *   <caption>Meters of one socket</caption>
 *   <thead>
 *     <tr><th scope="col">name</th><th scope="col">type</th><th scope="col">unit</th>
 *         <th scope="col">tags beyond the socket's</th><th scope="col">what it measures</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>{@code partysocket.state}</td><td>gauge</td><td></td><td></td>
 *         <td>{@link ReconnectingWebSocket#readyState()}: 0 CONNECTING, 1 OPEN, 2 CLOSING,
 *         3 CLOSED</td></tr>
 *     <tr><td>{@code partysocket.attempts}</td><td>counter</td><td>attempts</td><td></td>
 *         <td>connection attempts scheduled ({@link io.partysocket.AttemptEvent}), the first one
 *         and every retry</td></tr>
 *     <tr><td>{@code partysocket.connections.opened}</td><td>counter</td><td>connections</td>
 *         <td></td><td>connections opened ({@link io.partysocket.OpenEvent})</td></tr>
 *     <tr><td>{@code partysocket.failures}</td><td>counter</td><td>failures</td>
 *         <td>{@code cause}, {@code code}</td><td>failed attempts and dropped connections, see
 *         below</td></tr>
 *     <tr><td>{@code partysocket.giveups}</td><td>counter</td><td>events</td><td>{@code reason}</td>
 *         <td>times the socket stopped reconnecting ({@link io.partysocket.GiveUpEvent}); the reason
 *         is {@code max_retries_exhausted}, {@code should_reconnect_on_close} or {@code
 *         failure_policy}</td></tr>
 *     <tr><td>{@code partysocket.reconnect.duration}</td><td>timer</td><td>time</td><td></td>
 *         <td>from the close event of a dropped connection to the next open event</td></tr>
 *     <tr><td>{@code partysocket.connection.duration}</td><td>timer</td><td>time</td><td></td>
 *         <td>from an open event to the close event of that connection, whichever side closed
 *         it</td></tr>
 *     <tr><td>{@code partysocket.messages.sent}</td><td>counter</td><td>messages</td><td></td>
 *         <td>messages written to a connection</td></tr>
 *     <tr><td>{@code partysocket.messages.sent.bytes}</td><td>counter</td><td>bytes</td><td></td>
 *         <td>payload bytes of those messages, UTF-8 for text</td></tr>
 *     <tr><td>{@code partysocket.messages.received}</td><td>counter</td><td>messages</td><td></td>
 *         <td>messages received</td></tr>
 *     <tr><td>{@code partysocket.messages.received.bytes}</td><td>counter</td><td>bytes</td>
 *         <td></td><td>payload bytes of those messages, UTF-8 for text</td></tr>
 *     <tr><td>{@code partysocket.messages.unsent}</td><td>counter</td><td>messages</td>
 *         <td>{@code reason}</td><td>messages that will never be sent; the reason is {@link
 *         io.partysocket.UnsentMessageException.Reason} in lower case: {@code queue_full}, {@code
 *         too_large}, {@code dropped}, {@code drained} or {@code shutdown}</td></tr>
 *     <tr><td>{@code partysocket.queue.messages}</td><td>gauge</td><td>messages</td><td></td>
 *         <td>{@link ReconnectingWebSocket#queuedMessageCount()}: messages waiting for an open
 *         connection</td></tr>
 *     <tr><td>{@code partysocket.buffered.bytes}</td><td>gauge</td><td>bytes</td><td></td>
 *         <td>{@link ReconnectingWebSocket#bufferedAmount()}: payload bytes in the queue plus
 *         those the transport accepted and has not written yet</td></tr>
 *     <tr><td>{@code partysocket.heartbeat.pings}</td><td>counter</td><td>pings</td><td></td>
 *         <td>heartbeat pings sent (option {@code heartbeatInterval})</td></tr>
 *     <tr><td>{@code partysocket.heartbeat.rtt}</td><td>timer</td><td>time</td><td></td>
 *         <td>round-trip time from a heartbeat ping to its pong</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Timers are reported in the registry's base time unit (seconds for Prometheus). The gauges
 * refer to the socket weakly, as Micrometer gauges do: they report {@code NaN} once the socket is
 * garbage collected.
 *
 * <h2>Failures</h2>
 *
 * <p>{@code partysocket.failures} counts two kinds of events, told apart by the {@code cause} tag:
 *
 * <ul>
 *   <li>An attempt that ended before it opened. The {@code cause} is the {@link
 *       io.partysocket.spi.ConnectFailedException.Kind} of the close event's cause in lower case
 *       ({@code refused}, {@code unknown_host}, {@code connect_timeout}, {@code handshake_timeout},
 *       {@code tls}, {@code http_status}, {@code protocol}, {@code cancelled}, {@code io}), or
 *       {@code other} when the cause is not a {@code ConnectFailedException}, for example a URL,
 *       protocols or headers provider that failed. The {@code code} is the close code, 1006 for
 *       every failed attempt.
 *   <li>A connection that was open and then closed by the peer or the network, or closed without a
 *       clean closing handshake ({@link io.partysocket.CloseEvent#remote()} is true or {@link
 *       io.partysocket.CloseEvent#wasClean()} is false). The {@code cause} is {@code
 *       heartbeat_timeout} when the heartbeat found the connection silent, otherwise {@code
 *       closed}, and the {@code code} is the close code: 1006 when the connection dropped without a
 *       close frame or the heartbeat timed out, otherwise the code the server sent, such as 1001 or
 *       1011.
 * </ul>
 *
 * <p>An attempt cancelled by {@link ReconnectingWebSocket#close()} and a connection closed by
 * {@code close()} or {@code reconnect()} are not failures. Each distinct close code becomes its own
 * time series, so a server that sends many application codes (4000 to 4999) adds as many.
 *
 * <p>{@code partysocket.reconnect.duration} starts at the close event of such a dropped connection
 * and stops at the next open event. It records nothing when the socket gives up in between, or when
 * {@code close()} and then {@code reconnect()} start over.
 *
 * <p>This class is thread-safe. {@link #bindTo} may be called for several registries; calling it
 * again for a registry it is bound to has no effect.
 */
public final class PartySocketMetrics implements MeterBinder, AutoCloseable {

  private final ReconnectingWebSocket socket;
  private final Tags tags;
  private final Object lock = new Object();

  /** The meters of each registry bound so far. Guarded by {@link #lock}. */
  private final List<SocketMeters> bindings = new ArrayList<>();

  /** Whether {@link #close()} was called. Guarded by {@link #lock}. */
  private boolean closed;

  /**
   * Creates the binder for {@code socket}; its meters carry {@code tags}.
   *
   * @param socket the socket to measure
   * @param tags tags that identify the socket, such as {@code Tags.of("socket", "prices")}
   */
  public PartySocketMetrics(ReconnectingWebSocket socket, Iterable<Tag> tags) {
    this.socket = Objects.requireNonNull(socket, "socket");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Creates the binder for {@code socket}; its meters carry the tags given as key-value pairs.
   *
   * @throws IllegalArgumentException if {@code keyValues} has an odd number of elements
   */
  public PartySocketMetrics(ReconnectingWebSocket socket, String... keyValues) {
    this(socket, Tags.of(Objects.requireNonNull(keyValues, "keyValues")));
  }

  /** Creates the binder for {@code socket} with {@code tags} and binds it to {@code registry}. */
  public static PartySocketMetrics monitor(
      MeterRegistry registry, ReconnectingWebSocket socket, Iterable<Tag> tags) {
    PartySocketMetrics metrics = new PartySocketMetrics(socket, tags);
    metrics.bindTo(registry);
    return metrics;
  }

  /**
   * Registers the meters in {@code registry} and starts counting the socket's events.
   *
   * @throws IllegalStateException if this binder was closed
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException(
            "PartySocketMetrics was closed; create a new one to bind the socket again");
      }
      for (SocketMeters bound : bindings) {
        if (bound.registry() == registry) {
          return;
        }
      }
      bindings.add(SocketMeters.start(registry, socket, tags));
    }
  }

  /**
   * Stops counting and removes every meter of this binder from the registries it was bound to.
   * Closing again has no effect. The socket itself is left as it is.
   */
  @Override
  public void close() {
    List<SocketMeters> bound;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      bound = List.copyOf(bindings);
      bindings.clear();
    }
    bound.forEach(SocketMeters::stop);
  }

  @Override
  public String toString() {
    return "PartySocketMetrics[tags=" + tags + "]";
  }
}
