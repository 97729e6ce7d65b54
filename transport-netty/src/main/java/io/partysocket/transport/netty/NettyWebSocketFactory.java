package io.partysocket.transport.netty;

import io.netty.channel.EventLoopGroup;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.transport.netty.internal.NettyConnection;
import io.partysocket.transport.netty.internal.NettyEventLoops;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code "netty"} transport: WebSocket connections over Netty 4.2's client handshaker and frame
 * codecs, with no thread per connection.
 *
 * <p><b>Resources.</b> The no-argument constructor (used by {@link java.util.ServiceLoader})
 * creates nothing. The first {@link #connect connect} creates a {@code MultiThreadIoEventLoopGroup}
 * of two NIO daemon threads named {@code partysocket-netty-P-N}. {@link #close()} aborts the open
 * connections and shuts that group down. The {@link #NettyWebSocketFactory(EventLoopGroup)}
 * constructor uses the application's group instead, which {@link #close()} leaves running. Each
 * connection stays on one event loop of the group: its I/O, its listener calls, its timeouts.
 * Listeners therefore must return quickly, as the SPI requires.
 *
 * <p><b>Behaviour.</b> Netty's raw WebSocket client leaves much to its user, so this transport adds
 * a deadline for the whole opening handshake, a close timeout, whole inbound messages under the
 * request's size limit (close code 1009), strict UTF-8 (close code 1007), pongs with the ping's
 * payload, the peer's close frame echoed, and the RFC 6455 subprotocol rule: a server may select
 * none of the offered subprotocols, which Netty alone rejects. Redirects are not followed: a 3xx
 * response fails the connect with its status and {@code Location} header. With {@link
 * ConnectRequest#compression()} it offers permessage-deflate. It sends no {@code Origin} header
 * unless the request sets one, where Netty would make one up. A request with a {@link
 * ConnectRequest#heartbeatInterval()} gets a ping after each interval without inbound bytes and
 * ends with code 1006 after two.
 *
 * <p><b>TLS.</b> Each {@code wss} connection gets its own TLS engine from the request's {@code
 * SSLContext} (the JVM's default when it has none) and {@code SSLParameters}. The host name is
 * verified against the certificate unless those parameters name another endpoint identification
 * algorithm. The empty string turns the check off.
 *
 * <p><b>Limits.</b> Host names are resolved by Netty's default resolver, which calls {@link
 * java.net.InetAddress#getByName} on the event loop thread, so a slow DNS lookup also delays the
 * other connections of that loop. The application's group must run NIO channels, so an epoll or
 * io_uring group is rejected. Netty never bounds a channel's outbound buffer, so {@link
 * WebSocketConnection#bufferedAmount()} reports its size and the core's queue bounds apply.
 *
 * <p>Thread-safe.
 */
public final class NettyWebSocketFactory implements WebSocketFactory {

  /** The transport's name, {@value}. */
  public static final String NAME = "netty";

  /** The transport's priority, {@value}, the highest of the bundled transports. */
  public static final int PRIORITY = 50;

  /** How long {@link #close()} lets the own group finish its queued tasks, in seconds. */
  private static final long SHUTDOWN_TIMEOUT_SECONDS = 2;

  private static final TransportCapabilities CAPABILITIES =
      TransportCapabilities.builder()
          .pingWithPayload(true)
          .pongEvents(true)
          // Its own keep-alive (FrameHandler) honours ConnectRequest.heartbeatInterval; the core
          // pings through pingWithPayload and sets that interval only for transports that cannot.
          .nativeHeartbeat(true)
          .compression(true)
          .writeCompletion(true)
          .perConnectionTls(true)
          .protocolCloseCodes(true)
          .threadsPerConnection(0)
          .build();

  private final EventLoopGroup applicationGroup;
  private final Object lock = new Object();

  /** Created on the first connect when no group was given. Guarded by {@link #lock}. */
  private EventLoopGroup ownGroup;

  /** Guarded by {@link #lock}. */
  private boolean closed;

  private final Set<NettyConnection> connections = ConcurrentHashMap.newKeySet();

  /** Creates a factory that starts its own event loop group on the first connect. */
  public NettyWebSocketFactory() {
    this.applicationGroup = null;
  }

  /**
   * Creates a factory that runs its connections on the application's event loop group and never
   * shuts it down.
   *
   * @param group a group that runs NIO channels, such as a {@code MultiThreadIoEventLoopGroup} with
   *     {@code NioIoHandler.newFactory()}
   * @throws IllegalArgumentException if the group runs another kind of channel, such as epoll
   */
  public NettyWebSocketFactory(EventLoopGroup group) {
    this.applicationGroup = NettyEventLoops.requireNio(group);
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
   * Returns the capabilities: pings with payload, pong events, compression, write completion, TLS
   * settings per connection, close codes 1007 and 1009 on the wire, and no thread per connection.
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
    NettyConnection connection;
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedStage(
            new IllegalStateException(
                "This NettyWebSocketFactory is closed; create a new factory to connect"));
      }
      EventLoopGroup group = groupForConnect();
      connection = new NettyConnection(request, listener, group.next(), connections::remove);
      connections.add(connection);
    }
    return connection.start();
  }

  /** Returns the group to connect on, creating the own group first if needed. Hold the lock. */
  private EventLoopGroup groupForConnect() {
    if (applicationGroup != null) {
      return applicationGroup;
    }
    if (ownGroup == null) {
      ownGroup = NettyEventLoops.newOwnGroup();
    }
    return ownGroup;
  }

  /**
   * Aborts the open connections (each reports {@code onClosed} with 1006), fails pending connects
   * with {@code CANCELLED}, and shuts down the own event loop group once the tasks already queued
   * on it ran, which include those {@code onClosed} calls. It does not wait for the threads to end.
   * The application's group, if one was given, keeps running.
   */
  @Override
  public void close() {
    EventLoopGroup group;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      group = ownGroup;
    }
    for (NettyConnection connection : new ArrayList<>(connections)) {
      connection.shutdown();
    }
    if (group != null) {
      group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Returns the number of connections and attempts not ended yet; for tests. */
  int liveConnections() {
    return connections.size();
  }

  @Override
  public String toString() {
    return "NettyWebSocketFactory["
        + (applicationGroup == null ? "own event loop group" : "application event loop group")
        + "]";
  }
}
