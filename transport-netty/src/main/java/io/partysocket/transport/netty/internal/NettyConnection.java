package io.partysocket.transport.netty.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.Future;
import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.support.ConnectFailures;
import io.partysocket.spi.support.ConnectionEvents;
import io.partysocket.spi.support.OneShotTimer;
import io.partysocket.spi.support.SendTracker;
import io.partysocket.spi.support.Utf8;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One connection over a Netty channel, from the TCP connect to the reported end.
 *
 * <p>The pipeline is {@code [tls] → http → handshake} while connecting. {@link HandshakeHandler}
 * then hands over to Netty's frame codecs, the permessage-deflate codecs when negotiated, and
 * {@link FrameHandler}. This class owns what crosses threads: the connect stage with its deadline
 * for the whole handshake, TCP and TLS included, which Netty's handshaker lacks, the sends, and the
 * single report of the end through {@link ConnectionEvents}, which calls the listener on the
 * channel's event loop, one call at a time and never on the stack of a call into this class.
 *
 * <p>Thread-safe. Sends go to {@link io.netty.channel.Channel#writeAndFlush}, which queues them on
 * the event loop in the order of the calls. {@link #close} queues its part there too, behind the
 * sends made before it.
 */
public final class NettyConnection implements WebSocketConnection {

  private static final System.Logger LOG = System.getLogger(NettyConnection.class.getName());

  /** The largest ping payload RFC 6455 allows. */
  private static final int MAX_PING_BYTES = 125;

  /** The largest frame the decoder accepts: a Java array's limit, as for whole messages. */
  private static final long MAX_FRAME_BYTES = Integer.MAX_VALUE - 8;

  private final ConnectRequest request;
  private final EventLoop loop;
  private final Consumer<NettyConnection> onEnd;
  private final SendTracker sends = new SendTracker();
  private final ConnectionEvents events;
  private final CompletableFuture<WebSocketConnection> connectStage = new CompletableFuture<>();
  private final AtomicBoolean released = new AtomicBoolean();
  private final Object closeLock = new Object();

  /** The stage of the first {@link #close} call. Guarded by {@link #closeLock}. */
  private SendTracker.Send closeSend;

  /** Set by {@link #attach} before the channel connects. */
  private volatile Channel channel;

  /** Set once by {@link #start}, before the channel exists. */
  private volatile OneShotTimer handshakeTimer;

  /** Set once when the handshake succeeded. */
  private volatile FrameHandler frames;

  private volatile String subprotocol;
  private volatile List<String> extensions = List.of();

  /**
   * Creates a connection that has not started.
   *
   * @param request what to connect to
   * @param listener the SPI listener
   * @param loop the event loop that runs the channel, the listener calls and the timeouts
   * @param onEnd runs once when the connection or the attempt ends, to let the factory forget it
   */
  public NettyConnection(
      ConnectRequest request,
      ConnectionListener listener,
      EventLoop loop,
      Consumer<NettyConnection> onEnd) {
    this.request = Objects.requireNonNull(request, "request");
    this.loop = Objects.requireNonNull(loop, "loop");
    this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
    this.events = new ConnectionEvents(listener, loop, sends);
  }

  /**
   * Starts the TCP connect and the opening handshake.
   *
   * @return the connect stage of the SPI: completes after {@code onOpen}, or fails with {@link
   *     ConnectFailedException}; cancelling it aborts the attempt
   */
  public CompletableFuture<WebSocketConnection> start() {
    connectStage.whenComplete(
        (connection, failure) -> {
          if (connectStage.isCancelled()) {
            releaseAttempt();
          }
        });
    // Armed first: on loopback the handshake can finish before connect() returns here.
    handshakeTimer = OneShotTimer.start(request.connectTimeout(), loop, this::handshakeTimedOut);
    try {
      ChannelFuture connect = bootstrap().connect(remoteAddress());
      attach(connect.channel());
      connect.addListener(this::connected);
    } catch (RuntimeException e) {
      failConnect(ConnectFailures.toConnectFailed(e, request.redactedUri()));
    }
    if (connectStage.isCompletedExceptionally()) {
      // A cancel or a factory close that came before the channel existed could not close it.
      releaseAttempt();
    }
    return connectStage;
  }

  private Bootstrap bootstrap() {
    int connectMillis = (int) Math.min(request.connectTimeout().toMillis(), Integer.MAX_VALUE);
    return new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new NettyPipeline(this, request, host(), request.port()));
  }

  /**
   * Records the channel. {@link NettyPipeline} calls it on the event loop before the TCP connect
   * starts, so the channel is known before any of its events, and {@link #start} calls it again.
   */
  void attach(Channel created) {
    channel = created;
  }

  /** Returns the address to connect to, resolved by the bootstrap's resolver on the event loop. */
  private InetSocketAddress remoteAddress() {
    return InetSocketAddress.createUnresolved(host(), request.port());
  }

  /** Returns the URI's host without the brackets of an IPv6 literal. */
  private String host() {
    String host = request.uri().getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      return host.substring(1, host.length() - 1);
    }
    return host;
  }

  /** Returns the largest frame payload the decoder accepts: the message limit. */
  int maxFramePayloadLength() {
    return (int) Math.min(request.maxInboundMessageBytes(), MAX_FRAME_BYTES);
  }

  private void connected(Future<? super Void> connect) {
    if (!connect.isSuccess()) {
      failConnect(ConnectFailures.toConnectFailed(connect.cause(), request.redactedUri()));
    }
  }

  private void handshakeTimedOut() {
    if (frames != null || connectStage.isDone()) {
      return;
    }
    Channel current = channel;
    boolean tcpUp = current != null && current.isActive();
    Kind kind = tcpUp ? Kind.HANDSHAKE_TIMEOUT : Kind.CONNECT_TIMEOUT;
    String message =
        (tcpUp ? "WebSocket handshake with " : "TCP connect to ")
            + request.redactedUri()
            + " timed out after "
            + request.connectTimeout().toMillis()
            + " ms";
    failConnect(new ConnectFailedException(kind, message, new TimeoutException(message)));
  }

  /**
   * Fails the connect stage with {@code failure}, unless it completed, and closes the channel. The
   * listener is never called for a failed attempt.
   */
  void failConnect(ConnectFailedException failure) {
    if (connectStage.completeExceptionally(failure)) {
      LOG.log(Level.DEBUG, "Connect to {0} failed: {1}", request.redactedUri(), failure.kind());
    }
    releaseAttempt();
  }

  /** Stops the handshake deadline and closes the channel of an attempt the listener never saw. */
  private void releaseAttempt() {
    OneShotTimer timer = handshakeTimer;
    if (timer != null) {
      timer.cancel();
    }
    Channel current = channel;
    if (current != null) {
      current.close();
    }
    sends.close();
    forget();
  }

  /**
   * Records the successful handshake and reports {@code onOpen}. {@link HandshakeHandler} calls it
   * on the event loop.
   */
  void opened(FrameHandler handler, String selectedSubprotocol, List<String> negotiated) {
    this.subprotocol = selectedSubprotocol;
    this.extensions = List.copyOf(negotiated);
    this.frames = handler;
    handshakeTimer.cancel();
    LOG.log(Level.DEBUG, "Opened {0}", request.redactedUri());
    events.open(this, connectStage, this::abortAfterCancel);
  }

  /** Aborts a connection whose connect stage was cancelled while it opened. */
  private void abortAfterCancel() {
    report(
        CloseInfo.abnormal(
            false, new CancellationException("The connect stage was cancelled while opening")));
  }

  /** Returns the event channel of this connection, for {@link FrameHandler}. */
  ConnectionEvents events() {
    return events;
  }

  /**
   * Reports the end of the connection, once, and closes the channel. Later calls change nothing.
   */
  void report(CloseInfo info) {
    if (events.closed(info)) {
      LOG.log(
          Level.DEBUG,
          "Connection to {0} ended: code {1}, remote {2}, clean {3}",
          request.redactedUri(),
          info.code(),
          info.remote(),
          info.clean());
    }
    Channel current = channel;
    if (current != null) {
      current.close();
    }
    forget();
  }

  private void forget() {
    if (released.compareAndSet(false, true)) {
      onEnd.accept(this);
    }
  }

  /**
   * Ends the connection because its factory closes: fails a pending connect with {@code CANCELLED},
   * or aborts an open connection.
   */
  public void shutdown() {
    ConnectFailedException cancelled =
        new ConnectFailedException(
            Kind.CANCELLED,
            "The factory was closed while connecting to " + request.redactedUri(),
            null);
    if (connectStage.completeExceptionally(cancelled)) {
      releaseAttempt();
      return;
    }
    report(CloseInfo.abnormal(false, new IOException("The transport factory was closed")));
  }

  @Override
  public String subprotocol() {
    return subprotocol;
  }

  @Override
  public List<String> extensions() {
    return extensions;
  }

  @Override
  public CompletionStage<Void> sendText(String text) {
    Objects.requireNonNull(text, "text");
    if (sends.isClosed()) {
      return CompletableFuture.failedStage(notOpen());
    }
    return write(new TextWebSocketFrame(text), Utf8.encodedLength(text));
  }

  @Override
  public CompletionStage<Void> sendBinary(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    if (sends.isClosed()) {
      return CompletableFuture.failedStage(notOpen());
    }
    // A view of the caller's bytes, not a copy, because the SPI has the caller leave them alone
    // until
    // the stage completes.
    ByteBuffer view = data.duplicate();
    return write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(view)), view.remaining());
  }

  @Override
  public CompletionStage<Void> ping(ByteBuffer payload) {
    Objects.requireNonNull(payload, "payload");
    if (payload.remaining() > MAX_PING_BYTES) {
      throw new IllegalArgumentException(
          "ping payload must be at most "
              + MAX_PING_BYTES
              + " bytes but was "
              + payload.remaining()
              + " bytes");
    }
    if (sends.isClosed()) {
      return CompletableFuture.failedStage(notOpen());
    }
    byte[] copy = new byte[payload.remaining()];
    payload.duplicate().get(copy);
    return write(new PingWebSocketFrame(Unpooled.wrappedBuffer(copy)), copy.length);
  }

  private CompletionStage<Void> write(WebSocketFrame frame, long bytes) {
    SendTracker.Send send = sends.begin(bytes);
    if (send.isDone()) {
      frame.release();
      return send.stage();
    }
    channel.writeAndFlush(frame).addListener(written -> complete(send, written));
    return send.stage();
  }

  /** Completes {@code send} with the outcome of its write. */
  static void complete(SendTracker.Send send, Future<?> written) {
    if (written.isSuccess()) {
      send.succeed();
    } else {
      send.fail(written.cause());
    }
  }

  @Override
  public CompletionStage<Void> close(int code, String reason) {
    CloseCodes.requireSendable(code);
    String checkedReason = CloseCodes.requireValidReason(reason);
    SendTracker.Send send;
    synchronized (closeLock) {
      if (closeSend != null) {
        return closeSend.stage();
      }
      send = sends.begin(0);
      closeSend = send;
    }
    FrameHandler handler = frames;
    if (send.isDone() || handler == null) {
      send.fail(notOpen());
      return send.stage();
    }
    Runnable startClose = () -> handler.startClose(code, checkedReason, send);
    if (loop.inEventLoop()) {
      startClose.run();
    } else {
      try {
        loop.execute(startClose);
      } catch (RejectedExecutionException e) {
        send.fail(e);
        abort();
      }
    }
    return send.stage();
  }

  @Override
  public void abort() {
    report(CloseInfo.abnormal(false, null));
  }

  /**
   * Returns the bytes the channel has accepted and not yet written, as Netty counts them. A frame
   * still waiting for the event loop counts its payload plus a small fixed overhead. An encoded
   * frame in the outbound buffer counts with its header, after compression. Netty never limits this
   * buffer, so the core's queue bounds decide how much to hand over.
   */
  @Override
  public long bufferedAmount() {
    Channel current = channel;
    if (current == null) {
      return 0;
    }
    ChannelOutboundBuffer buffer = current.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  /** Returns the failure of a send that the connection's state does not allow. */
  static IOException notOpen() {
    return new IOException("The WebSocket connection is closing or closed; the frame was not sent");
  }

  @Override
  public String toString() {
    return "NettyConnection[" + request.redactedUri() + "]";
  }
}
