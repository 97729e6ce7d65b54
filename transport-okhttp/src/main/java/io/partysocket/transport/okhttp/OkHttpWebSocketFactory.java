package io.partysocket.transport.okhttp;

import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.transport.okhttp.internal.OkHttpClients;
import io.partysocket.transport.okhttp.internal.OkHttpConnection;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * The {@code "okhttp"} transport: WebSocket connections over OkHttp 5 ({@code okhttp3.WebSocket}).
 *
 * <p><b>Resources.</b> The no-argument constructor (used by {@link java.util.ServiceLoader})
 * creates nothing; the first {@link #connect connect} creates an {@link OkHttpClient}, a {@link
 * okhttp3.Dispatcher} used only for WebSockets, and a cached pool of daemon threads named {@code
 * partysocket-okhttp-P-N} behind that dispatcher, which also runs the listener calls. {@link
 * #close()} aborts the open connections, shuts that pool down and evicts the client's connection
 * pool. The {@link #OkHttpWebSocketFactory(OkHttpClient)} constructor uses the application's client
 * for everything but the dispatcher and the per-connect settings below: its connection pool, proxy,
 * authenticator, interceptors, read and write timeouts and TLS settings apply, and {@link #close()}
 * leaves that client, its dispatcher and its connection pool running.
 *
 * <p><b>Threads.</b> OkHttp reads each open WebSocket with a blocking loop on one thread of the
 * pool, for as long as the connection is open; writes run as tasks of OkHttp's shared task runner.
 * The factory's dispatcher has no limit on running calls, because an open WebSocket counts as a
 * running call and OkHttp's default limit of 64 would hold every further connect back indefinitely.
 *
 * <p><b>Per connect.</b> Each connect derives a client from the base client with {@code
 * newBuilder()}. Redirects are not followed: a 3xx fails the connect with its status and {@code
 * Location}. OkHttp does not retry on its own, except that it repeats a request once when a 503
 * carries {@code Retry-After: 0}. The connect timeout bounds the TCP connect and the whole
 * handshake ({@code callTimeout}). A TCP connect that stalls for the whole connect timeout is
 * usually reported as {@code HANDSHAKE_TIMEOUT}, because the call timeout ends the attempt first.
 *
 * <p><b>Heartbeat.</b> A non-zero {@link ConnectRequest#heartbeatInterval()} becomes OkHttp's ping
 * interval: OkHttp sends an empty ping at each interval and fails the connection (1006) when the
 * previous ping got no pong, so a silent peer is detected within two intervals. A zero interval
 * turns OkHttp's pings off, also when the application client sets a ping interval.
 *
 * <p><b>Timeouts after the handshake.</b> OkHttp keeps applying the client's read and write
 * timeouts (10 seconds each unless the application client sets others). The read timeout applies
 * only inside a frame, never while waiting for the next one, so idle connections stay open. The
 * write timeout fails the connection (1006, remote) when a write makes no progress for that long,
 * which happens when the peer stopped reading. This transport keeps it on purpose: OkHttp's pings
 * wait behind a blocked write, so nothing else would notice such a peer. A slow reader that keeps
 * reading is not affected, because the timeout restarts with every chunk written.
 *
 * <p><b>TLS.</b> A {@code wss} request that carries its own {@code SSLContext} or {@code
 * SSLParameters} gets them on its own derived client, so they apply to that connection alone.
 * {@code SSLParameters} are applied to each socket before OkHttp adds its ALPN protocols; OkHttp
 * then uses the TLS versions and cipher suites they enable. OkHttp checks the host name itself
 * after the handshake, whatever the parameters say, and uses the base client's trust manager (or
 * the JVM's default one) to clean certificate chains when the base client has certificate pins.
 *
 * <p><b>Sending.</b> OkHttp reports no write completion: a send stage completes once OkHttp queued
 * the message, {@link WebSocketConnection#bufferedAmount()} is OkHttp's {@code queueSize()}, and a
 * connection that dies can lose messages whose stages already completed. OkHttp queues at most 16
 * MiB of unwritten messages: a single larger message fails its stage and leaves the connection
 * open; a message that would overflow the queue fails its stage while OkHttp closes the connection
 * with 1001, and {@code onClosed} names the overflow as its cause. OkHttp cannot send pings on
 * request, so {@link WebSocketConnection#ping} fails with {@link UnsupportedOperationException},
 * and it hides pongs.
 *
 * <p><b>Receiving.</b> OkHttp delivers whole messages and has no size limit or UTF-8 check of its
 * own. This transport reads along and checks each frame header against {@link
 * ConnectRequest#maxInboundMessageBytes()} before the payload is buffered, and checks text for
 * valid UTF-8 as it arrives; it then closes with 1009 or 1007 (both reach the wire) and drops the
 * rest of the input. Messages compressed with permessage-deflate are the exception: their size is
 * checked only after OkHttp inflated them completely, and their text is not checked, so invalid
 * UTF-8 in a compressed message reaches the listener with U+FFFD in place of the invalid bytes.
 *
 * <p><b>Compression.</b> OkHttp always offers permessage-deflate; this transport removes the offer
 * unless {@link ConnectRequest#compression()} is set. A server that selects an extension that was
 * not offered fails the connect with {@code PROTOCOL}.
 *
 * <p>Thread-safe.
 */
public final class OkHttpWebSocketFactory implements WebSocketFactory {

  /** The transport's name, {@value}. */
  public static final String NAME = "okhttp";

  /** The transport's priority, {@value}: below Netty and Jetty, above the JDK client. */
  public static final int PRIORITY = 30;

  private static final TransportCapabilities CAPABILITIES =
      TransportCapabilities.builder()
          .pingWithPayload(false)
          .pongEvents(false)
          .nativeHeartbeat(true)
          .compression(true)
          .writeCompletion(false)
          .perConnectionTls(true)
          .protocolCloseCodes(true)
          .maxOutboundMessageBytes(OkHttpConnection.MAX_OUTBOUND_QUEUE_BYTES)
          .threadsPerConnection(1)
          .build();

  private final OkHttpClient applicationClient;
  private final Object lock = new Object();

  /** Created on the first connect. Guarded by {@link #lock}. */
  private OkHttpClients clients;

  /** Guarded by {@link #lock}. */
  private boolean closed;

  private final Set<OkHttpConnection> connections = ConcurrentHashMap.newKeySet();

  /** Creates a factory that builds its own {@link OkHttpClient} on the first connect. */
  public OkHttpWebSocketFactory() {
    this.applicationClient = null;
  }

  /**
   * Creates a factory that connects with clients derived from the application's client and never
   * shuts that client, its dispatcher or its connection pool down.
   *
   * @param client the client whose settings and connection pool to use
   */
  public OkHttpWebSocketFactory(OkHttpClient client) {
    this.applicationClient = Objects.requireNonNull(client, "client");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  /**
   * Returns the capabilities: OkHttp's own heartbeat in place of pings and pongs, compression,
   * per-connection TLS, close codes 1007 and 1009 on the wire, send stages that complete when
   * OkHttp queued the message, and one reader thread per open connection.
   */
  @Override
  public TransportCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public CompletionStage<WebSocketConnection> connect(
      ConnectRequest request, ConnectionListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    OkHttpClients current;
    OkHttpConnection connection;
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedStage(
            new IllegalStateException(
                "This OkHttpWebSocketFactory is closed; create a new factory to connect"));
      }
      if (clients == null) {
        clients = new OkHttpClients(applicationClient);
      }
      current = clients;
      connection = new OkHttpConnection(request, listener, current.executor(), connections::remove);
      connections.add(connection);
    }
    return connection.start(current);
  }

  /**
   * Aborts the open connections (each reports {@code onClosed} with 1006), fails pending connects
   * with {@code CANCELLED}, and shuts the thread pool down once their last events ran. An
   * application client, if one was given, keeps running.
   */
  @Override
  public void close() {
    OkHttpClients current;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      current = clients;
    }
    for (OkHttpConnection connection : new ArrayList<>(connections)) {
      connection.shutdown();
    }
    if (current != null) {
      // Tasks already queued, such as the onClosed calls above, still run.
      current.shutdown();
    }
  }

  /** Returns the number of connections and attempts not ended yet; for tests. */
  int liveConnections() {
    return connections.size();
  }

  @Override
  public String toString() {
    return "OkHttpWebSocketFactory["
        + (applicationClient == null ? "own client" : "application client")
        + "]";
  }
}
