package io.partysocket.transport.jetty.internal;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.support.ConnectionEvents;
import io.partysocket.spi.support.OneShotTimer;
import io.partysocket.spi.support.SendTracker;
import io.partysocket.spi.support.Utf8;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.WebSocketTimeoutException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One connection over Jetty's {@link WebSocketClient}, normalized to the SPI contract.
 *
 * <p>What this class adds to Jetty: the request's inbound size limit set on the session for text,
 * binary and frames (Jetty's defaults are 64 KiB), so an oversized message closes with 1009; no
 * idle timeout on open connections (Jetty's default closes quiet ones after 30 s with 1001); a
 * close timeout (Jetty has none); one {@code onClosed} where Jetty reports an error and then a
 * close; the side that started a close found from the session's state; and listener calls moved off
 * Jetty's threads onto a serial executor.
 *
 * <p><b>Close timeout.</b> A close started by {@link #close} arms a timer that disconnects the
 * session when the peer does not reply in time. Jetty also starts closes itself, when it rejects
 * inbound data (1002, 1007, 1009). It then ends the connection as soon as its close frame is
 * written, and calls the endpoint only after that. If the frame cannot be written, because the peer
 * stopped reading, nothing would end the connection. So the session's idle timeout is set to the
 * close timeout, with a listener that vetoes every idle timeout. While the session's output is open
 * the connection stays. Once Jetty has closed the output on its own and the connection has been
 * idle for the close timeout, the connection is disconnected and reported with code 1006.
 *
 * <p>Thread-safe. {@code JettyEndpoint} turns Jetty's callbacks into calls of this class.
 */
public final class JettyConnection implements WebSocketConnection {

  private static final System.Logger LOG = System.getLogger(JettyConnection.class.getName());

  /** The largest ping payload RFC 6455 allows. */
  private static final int MAX_PING_BYTES = 125;

  /** The largest message Jetty can assemble: it collects a message in one array-backed buffer. */
  private static final long MAX_MESSAGE_BYTES = Integer.MAX_VALUE - 8;

  /** The life-cycle stage of the connection. */
  private enum State {
    /** The handshake has not finished. */
    CONNECTING,
    /** Open; sends are accepted. */
    OPEN,
    /** {@link #close} sent a close frame; the peer's reply is awaited. */
    CLOSING,
    /** The end was reported, or the attempt ended before the listener saw it. */
    ENDED
  }

  private final ConnectRequest request;
  private final Executor executor;
  private final Consumer<JettyConnection> onEnd;
  private final SendTracker sends = new SendTracker();
  private final ConnectionEvents events;
  private final CompletableFuture<WebSocketConnection> connectStage = new CompletableFuture<>();
  private final HandshakeCapture response = new HandshakeCapture();
  private final Object lock = new Object();

  /** Guarded by {@link #lock}. */
  private State state = State.CONNECTING;

  /** The code and reason of this side's close frame. Guarded by {@link #lock}. */
  private int localCode;

  private String localReason = "";

  /** The send of this side's close frame, or null. Guarded by {@link #lock}. */
  private SendTracker.Send localClose;

  /** Guarded by {@link #lock}. */
  private OneShotTimer closeTimer;

  /** The first error Jetty reported after the open. Guarded by {@link #lock}. */
  private Throwable error;

  /** Set once in {@link #opened}. */
  private volatile Session session;

  private volatile String subprotocol;
  private volatile List<String> extensions = List.of();

  /** Jetty's connect future; set once by {@link #start}. */
  private volatile CompletableFuture<Session> handshake;

  /**
   * Creates a connection that has not started.
   *
   * @param request what to connect to
   * @param listener the SPI listener
   * @param executor runs listener calls (through a serial executor) and the close timer
   * @param onEnd runs once when the connection or the attempt ends, to let the factory forget it
   */
  public JettyConnection(
      ConnectRequest request,
      ConnectionListener listener,
      Executor executor,
      Consumer<JettyConnection> onEnd) {
    this.request = Objects.requireNonNull(request, "request");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
    this.events = new ConnectionEvents(listener, executor, sends);
  }

  /**
   * Starts the opening handshake.
   *
   * @param client the client to connect with
   * @param endpoint the Jetty endpoint that calls back into this connection
   * @return the connect stage of the SPI: completes after {@code onOpen}, or fails with {@link
   *     ConnectFailedException}; cancelling it aborts the attempt
   */
  public CompletableFuture<WebSocketConnection> start(WebSocketClient client, Object endpoint) {
    CompletableFuture<Session> started;
    try {
      started = client.connect(endpoint, upgradeRequest(), response);
    } catch (IOException | RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    handshake = started;
    started.whenComplete(
        (ignored, failure) -> {
          if (failure == null) {
            return;
          }
          response.closeRejectedUpgrade();
          if (connectStage.completeExceptionally(
              JettyConnectFailures.map(failure, response, request))) {
            cancelAttempt();
          } else if (!connectStage.isCompletedExceptionally()) {
            // Jetty failed its future after the listener saw the open.
            abortWith(CloseInfo.abnormal(true, failure));
          }
        });
    connectStage.whenComplete(
        (ignored, failure) -> {
          if (connectStage.isCancelled()) {
            cancelAttempt();
          }
        });
    return connectStage;
  }

  private ClientUpgradeRequest upgradeRequest() {
    ClientUpgradeRequest upgrade = new ClientUpgradeRequest(request.uri());
    upgrade.setTimeout(request.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (!request.subprotocols().isEmpty()) {
      upgrade.setSubProtocols(request.subprotocols());
    }
    request.headers().forEach(upgrade::setHeader);
    if (request.compression()) {
      upgrade.addExtensions("permessage-deflate");
    }
    return upgrade;
  }

  /**
   * Ends the connection because its factory closes: fails a pending connect with {@code CANCELLED},
   * or aborts an open connection.
   */
  public void shutdown() {
    ConnectFailedException closed =
        new ConnectFailedException(
            ConnectFailedException.Kind.CANCELLED,
            "The factory was closed while connecting to " + request.redactedUri(),
            null);
    if (connectStage.completeExceptionally(closed)) {
      cancelAttempt();
      return;
    }
    abortWith(CloseInfo.abnormal(false, new IOException("The transport factory was closed")));
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
    return send(Utf8.encodedLength(text), (target, callback) -> target.sendText(text, callback));
  }

  @Override
  public CompletionStage<Void> sendBinary(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    // Jetty moves the position of the buffer it writes; the caller's must stay where it is.
    ByteBuffer view = data.duplicate();
    return send(view.remaining(), (target, callback) -> target.sendBinary(view, callback));
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
    ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
    return send(copy.remaining(), (target, callback) -> target.sendPing(copy, callback));
  }

  /** Hands a frame to Jetty, which writes frames in the order they were handed over. */
  private CompletionStage<Void> send(long bytes, BiConsumer<Session, Callback> write) {
    SendTracker.Send send;
    Session target;
    synchronized (lock) {
      if (state != State.OPEN) {
        return CompletableFuture.failedStage(notOpen());
      }
      send = sends.begin(bytes);
      target = session;
    }
    try {
      write.accept(target, callbackOf(send));
    } catch (RuntimeException e) {
      send.fail(e);
    }
    return send.stage();
  }

  private static Callback callbackOf(SendTracker.Send send) {
    return Callback.from(send::succeed, send::fail);
  }

  @Override
  public CompletionStage<Void> close(int code, String reason) {
    CloseCodes.requireSendable(code);
    String checkedReason = CloseCodes.requireValidReason(reason);
    SendTracker.Send send;
    Session target;
    synchronized (lock) {
      if (localClose != null) {
        return localClose.stage();
      }
      if (state != State.OPEN) {
        return CompletableFuture.failedStage(notOpen());
      }
      state = State.CLOSING;
      localCode = code;
      localReason = checkedReason;
      send = sends.begin(0);
      localClose = send;
      closeTimer = OneShotTimer.start(request.closeTimeout(), executor, this::closeTimedOut);
      target = session;
    }
    LOG.log(Level.DEBUG, "Closing {0} with code {1}", request.redactedUri(), code);
    Callback written =
        Callback.from(
            send::succeed,
            failure -> {
              send.fail(failure);
              abortWith(new CloseInfo(CloseCodes.ABNORMAL_CLOSURE, "", false, false, failure));
            });
    try {
      target.close(code, checkedReason, written);
    } catch (RuntimeException e) {
      written.fail(e);
    }
    return send.stage();
  }

  @Override
  public void abort() {
    abortWith(CloseInfo.abnormal(false, null));
  }

  @Override
  public long bufferedAmount() {
    return sends.bufferedAmount();
  }

  @Override
  public String toString() {
    return "JettyConnection[" + request.redactedUri() + "]";
  }

  /** Disconnects the session and reports {@code info}, unless the end was reported already. */
  private void abortWith(CloseInfo info) {
    if (!markEnded()) {
      return;
    }
    Session current = session;
    if (current != null) {
      current.disconnect();
    }
    report(info);
  }

  /** Reports a close that Jetty finished; Jetty closes the TCP connection itself. */
  private void finish(CloseInfo info) {
    if (markEnded()) {
      report(info);
    }
  }

  /** Switches to ENDED and stops the close timer; returns false if already ended. */
  private boolean markEnded() {
    OneShotTimer timer;
    synchronized (lock) {
      if (state == State.ENDED) {
        return false;
      }
      state = State.ENDED;
      timer = closeTimer;
    }
    if (timer != null) {
      timer.cancel();
    }
    return true;
  }

  private void report(CloseInfo info) {
    LOG.log(
        Level.DEBUG,
        "Connection to {0} ended: code {1}, remote {2}, clean {3}",
        request.redactedUri(),
        info.code(),
        info.remote(),
        info.clean());
    events.closed(info);
    onEnd.accept(this);
  }

  private void closeTimedOut() {
    abortWith(
        new CloseInfo(
            CloseCodes.ABNORMAL_CLOSURE,
            "",
            false,
            false,
            new TimeoutException(
                "The peer did not reply to the close frame within " + request.closeTimeout())));
  }

  /**
   * Stops an attempt whose connect stage was cancelled or failed. An open connection is aborted and
   * reports its end, which {@link ConnectionEvents} delivers only if the listener saw the open.
   * Otherwise Jetty's handshake is cancelled and the session, if any, disconnected.
   */
  private void cancelAttempt() {
    State now;
    synchronized (lock) {
      now = state;
    }
    if (now == State.OPEN || now == State.CLOSING) {
      abortWith(
          CloseInfo.abnormal(false, new CancellationException("The connect stage was cancelled")));
      return;
    }
    CompletableFuture<Session> started = handshake;
    if (started != null) {
      started.cancel(true);
    }
    Session current = session;
    if (current != null) {
      current.disconnect();
    }
    boolean first;
    synchronized (lock) {
      first = state != State.ENDED;
      state = State.ENDED;
    }
    if (first) {
      sends.close();
      onEnd.accept(this);
    }
  }

  private static IOException notOpen() {
    return new IOException("The WebSocket connection is closing or closed; the frame was not sent");
  }

  /** Configures the open session and reports {@code onOpen}; called by the endpoint. */
  public void opened(Session opened) {
    long limit = Math.min(request.maxInboundMessageBytes(), MAX_MESSAGE_BYTES);
    opened.setMaxTextMessageSize(limit);
    opened.setMaxBinaryMessageSize(limit);
    opened.setMaxFrameSize(limit);
    opened.setIdleTimeout(request.closeTimeout());
    opened.addIdleTimeoutListener(this::idleTimedOut);
    session = opened;
    String selected = opened.getUpgradeResponse().getAcceptedSubProtocol();
    subprotocol = selected == null || selected.isBlank() ? null : selected;
    extensions =
        opened.getUpgradeResponse().getExtensions().stream()
            .map(ExtensionConfig::getParameterizedName)
            .toList();
    synchronized (lock) {
      if (state == State.CONNECTING) {
        state = State.OPEN;
      }
    }
    events.open(this, connectStage, this::cancelAttempt);
  }

  /** Reports a text message; called by the endpoint. */
  public void receivedText(String text) {
    events.text(text);
  }

  /** Reports a binary message that belongs to the listener; called by the endpoint. */
  public void receivedBinary(ByteBuffer data) {
    events.binary(data);
  }

  /** Reports a pong whose buffer belongs to the listener; called by the endpoint. */
  public void receivedPong(ByteBuffer payload) {
    events.pong(payload);
  }

  /**
   * Records an error Jetty reported. Before the open it belongs to the failed handshake, which the
   * connect stage reports. After the open Jetty follows it with {@link #closedByJetty}, or has
   * already called it, so it only becomes the cause of the end.
   */
  public void failed(Throwable cause) {
    synchronized (lock) {
      if (state == State.CONNECTING || state == State.ENDED || error != null) {
        return;
      }
      error = cause;
    }
    LOG.log(Level.DEBUG, "Jetty reported {0} on {1}", cause.getClass().getName(), this);
  }

  /**
   * Handles Jetty's {@code onWebSocketClose}: the peer's close frame, or the end of the connection
   * without one. Called by the endpoint.
   */
  public void closedByJetty(int code, String reason) {
    String text = reason == null ? "" : reason;
    boolean ownClose;
    Throwable cause;
    SendTracker.Send ownCloseSend;
    synchronized (lock) {
      if (state == State.CONNECTING || state == State.ENDED) {
        return;
      }
      ownClose = state == State.CLOSING;
      ownCloseSend = localClose;
      cause = error;
    }
    if (code != CloseCodes.NO_STATUS_RECEIVED && !CloseCodes.isSendable(code)) {
      // 1006 and the other codes no close frame carries: the connection died under this side.
      finish(CloseInfo.abnormal(true, cause != null ? cause : noCloseFrame(code)));
    } else if (ownClose) {
      // The peer replied to this side's close frame, so it was written. Jetty may still fail the
      // frame's callback, with a ClosedChannelException, as it closes the connection.
      ownCloseSend.succeed();
      finishOwnClose();
    } else {
      // The output is still open when the peer started the close. When Jetty started it, after
      // rejecting inbound data (1002, 1007, 1009), its close frame has already closed the output,
      // and Jetty ends the connection as soon as that frame is written, without waiting for the
      // peer's reply.
      boolean peerStarted = session.isOpen();
      finish(new CloseInfo(code, text, peerStarted, peerStarted, peerStarted ? null : cause));
    }
  }

  private static EOFException noCloseFrame(int code) {
    return new EOFException(
        "The connection ended without a close frame (Jetty reported code " + code + ")");
  }

  /** Reports the end of a close that {@link #close} started and the peer replied to. */
  private void finishOwnClose() {
    int code;
    String reason;
    synchronized (lock) {
      code = localCode;
      reason = localReason;
    }
    finish(CloseInfo.localClose(code, reason));
  }

  /**
   * Handles an idle timeout of the session, which is set to the close timeout: vetoes it, and
   * disconnects when Jetty closed the output on its own and nothing moved for that long.
   *
   * @return always false, so that Jetty never closes the connection for being idle
   */
  private boolean idleTimedOut(WebSocketTimeoutException timeout) {
    Session current = session;
    boolean jettyCloseStuck;
    synchronized (lock) {
      jettyCloseStuck = state == State.OPEN && current != null && !current.isOpen();
    }
    if (jettyCloseStuck) {
      abortWith(
          new CloseInfo(
              CloseCodes.ABNORMAL_CLOSURE,
              "",
              false,
              false,
              new TimeoutException(
                  "Jetty closed the output and nothing was read or written for "
                      + request.closeTimeout())));
    }
    return false;
  }
}
