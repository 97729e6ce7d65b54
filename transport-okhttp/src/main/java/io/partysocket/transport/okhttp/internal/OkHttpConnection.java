package io.partysocket.transport.okhttp.internal;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.support.CloseFrames;
import io.partysocket.spi.support.ConnectionEvents;
import io.partysocket.spi.support.HandshakeChecks;
import io.partysocket.spi.support.MessageRejectedException;
import io.partysocket.spi.support.OneShotTimer;
import io.partysocket.spi.support.SendTracker;
import io.partysocket.spi.support.Utf8;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okio.ByteString;
import okio.Source;

/**
 * One connection over {@link okhttp3.WebSocket}, normalized to the SPI contract.
 *
 * <p>What this class adds to OkHttp: the subprotocol and extension checks OkHttp skips; the reply
 * to the peer's close frame, without which OkHttp leaves the connection half-open and never calls
 * {@code onClosed}; one {@code onClosed} for every way a connection ends, with an abort reported as
 * a local 1006 although OkHttp reports its own cancel as a failure; a close timeout; the inbound
 * size limit (1009) and UTF-8 check (1007) through a {@link FrameInspector}; and listener calls
 * moved off OkHttp's threads onto a serial executor.
 *
 * <p>Sends complete when OkHttp accepted the message into its outbound queue, because OkHttp
 * reports nothing when a frame was written. OkHttp accepts at most 16 MiB of unwritten messages: a
 * single larger message fails its stage and leaves the connection open, and a message that would
 * overflow the queue fails its stage while OkHttp closes the connection with 1001, which {@code
 * onClosed} reports as this side's close with the overflow as its cause.
 *
 * <p>When the peer does not reply to a close frame within the close timeout, the connection is
 * aborted and {@code onClosed} reports 1006, not clean. A close this transport started because of
 * an inbound message reports that message's code (1007 or 1009) instead.
 *
 * <p>Thread-safe. {@link OkHttpReceiver} turns OkHttp's listener calls into calls of this class.
 */
public final class OkHttpConnection implements WebSocketConnection {

  private static final System.Logger LOG = System.getLogger(OkHttpConnection.class.getName());

  /** The maximum of unwritten message bytes OkHttp 5.5.1 queues; more makes it close with 1001. */
  public static final long MAX_OUTBOUND_QUEUE_BYTES = 16L * 1024 * 1024;

  /** The largest ping payload RFC 6455 allows. */
  private static final int MAX_PING_BYTES = 125;

  private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";

  /** The life-cycle stage of the connection. */
  private enum State {
    /** The handshake has not finished. */
    CONNECTING,
    /** Open; sends are accepted. */
    OPEN,
    /** This side queued a close frame and waits for the peer's. */
    CLOSING,
    /** The peer sent a close frame; the reply is queued. */
    PEER_CLOSING,
    /** The end was reported, or the attempt ended before it opened. */
    ENDED
  }

  private final ConnectRequest request;
  private final Executor executor;
  private final Consumer<OkHttpConnection> onEnd;
  private final SendTracker sends = new SendTracker();
  private final ConnectionEvents events;
  private final CompletableFuture<WebSocketConnection> connectStage = new CompletableFuture<>();
  private final Object lock = new Object();

  /** Guarded by {@link #lock}. */
  private State state = State.CONNECTING;

  /** The code and reason of this side's close frame. Guarded by {@link #lock}. */
  private int localCode;

  private String localReason = "";

  /**
   * The reason this transport closed on its own (an inbound rejection or a full outbound queue), or
   * null when the application closed. Guarded by {@link #lock}.
   */
  private Exception localCause;

  /** The stage of the application's close call, or null. Guarded by {@link #lock}. */
  private CompletionStage<Void> closeStage;

  /** The peer's close code and reason. Guarded by {@link #lock}. */
  private int peerCode;

  private String peerReason = "";

  /** Guarded by {@link #lock}. */
  private OneShotTimer closeTimer;

  /** OkHttp's WebSocket; set once, when the connect starts or when it opens. */
  private volatile WebSocket webSocket;

  /** Set once by the upgrade interceptor, on the reader thread, before {@code onOpen}. */
  private volatile FrameInspector inspector;

  private volatile String subprotocol;
  private volatile List<String> extensions = List.of();

  /**
   * The index of the first inbound message that is dropped, or {@code Long.MAX_VALUE}. Written on
   * the reader thread only.
   */
  private volatile long firstDroppedMessage = Long.MAX_VALUE;

  /**
   * Creates a connection that has not started.
   *
   * @param request what to connect to
   * @param listener the SPI listener
   * @param executor runs listener calls (through a serial executor) and timer actions
   * @param onEnd runs once when the connection or the attempt ends, to let the factory forget it
   */
  public OkHttpConnection(
      ConnectRequest request,
      ConnectionListener listener,
      Executor executor,
      Consumer<OkHttpConnection> onEnd) {
    this.request = Objects.requireNonNull(request, "request");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
    this.events = new ConnectionEvents(listener, executor, sends);
  }

  /**
   * Starts the opening handshake with a client derived from {@code clients} for this request.
   *
   * @return the connect stage of the SPI: completes after {@code onOpen}, or fails with {@link
   *     ConnectFailedException}; cancelling it aborts the attempt
   */
  public CompletableFuture<WebSocketConnection> start(OkHttpClients clients) {
    synchronized (lock) {
      if (state == State.ENDED) {
        // The factory closed between creating this connection and starting it.
        return connectStage;
      }
    }
    connectStage.whenComplete(
        (ignored, failure) -> {
          if (connectStage.isCancelled()) {
            cancelAttempt();
          }
        });
    OkHttpClient client;
    Request upgrade;
    try {
      upgrade = UpgradeRequests.create(request);
      client =
          clients.clientFor(request, new UpgradeInterceptor(request.compression(), this::inspect));
    } catch (ConnectFailedException e) {
      connectStage.completeExceptionally(e);
      endAttempt();
      return connectStage;
    } catch (RuntimeException e) {
      connectStage.completeExceptionally(
          new ConnectFailedException(
              ConnectFailedException.Kind.IO,
              "OkHttp could not prepare the connect to " + request.redactedUri(),
              e));
      endAttempt();
      return connectStage;
    }
    WebSocket started =
        client.newWebSocket(
            upgrade, new OkHttpReceiver(this, events, request.maxInboundMessageBytes()));
    webSocket = started;
    boolean ended;
    synchronized (lock) {
      ended = state == State.ENDED;
    }
    if (ended) {
      // Cancelled before OkHttp's WebSocket existed, so cancelAttempt could not reach it.
      started.cancel();
    }
    return connectStage;
  }

  /** Wraps the upgraded socket's input; called by the upgrade interceptor. */
  private Source inspect(Source upgraded) {
    FrameInspector created =
        new FrameInspector(upgraded, request.maxInboundMessageBytes(), this::rejectInbound);
    inspector = created;
    return created;
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
    return send(Utf8.encodedLength(text), webSocket -> webSocket.send(text));
  }

  @Override
  public CompletionStage<Void> sendBinary(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    ByteBuffer view = data.duplicate();
    return send(view.remaining(), webSocket -> webSocket.send(ByteString.of(view)));
  }

  /**
   * Fails with {@link UnsupportedOperationException}: OkHttp has no API to send a ping. Its own
   * pings run at {@link ConnectRequest#heartbeatInterval()}.
   *
   * @throws IllegalArgumentException if the payload is longer than 125 bytes
   */
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
    return CompletableFuture.failedStage(
        new UnsupportedOperationException(
            "OkHttp cannot send a ping with a payload; set ConnectRequest.heartbeatInterval to"
                + " let OkHttp ping on its own"));
  }

  /**
   * Hands a message to OkHttp and completes its stage at once when OkHttp queued it.
   *
   * @param bytes the payload size as OkHttp counts it
   * @param enqueue calls OkHttp's {@code send}; returns whether OkHttp queued the message
   */
  private CompletionStage<Void> send(long bytes, Predicate<WebSocket> enqueue) {
    WebSocket target;
    synchronized (lock) {
      if (state != State.OPEN) {
        return CompletableFuture.failedStage(notOpen());
      }
      target = webSocket;
    }
    if (bytes > MAX_OUTBOUND_QUEUE_BYTES) {
      return CompletableFuture.failedStage(
          new IOException(
              "The message of "
                  + bytes
                  + " bytes exceeds OkHttp's outbound limit of "
                  + MAX_OUTBOUND_QUEUE_BYTES
                  + " bytes; it was not sent and the connection stays open"));
    }
    SendTracker.Send send = sends.begin(bytes);
    if (enqueue.test(target)) {
      send.succeed();
    } else {
      send.fail(outboundRejected(target, bytes));
    }
    return send.stage();
  }

  /**
   * Returns why OkHttp did not queue a message. While the state is still OPEN, that means OkHttp's
   * queue overflowed (and OkHttp started a close with 1001) or the connection just failed. Either
   * way this side's close is now under way.
   */
  private IOException outboundRejected(WebSocket target, long bytes) {
    boolean overflow = target.queueSize() + bytes > MAX_OUTBOUND_QUEUE_BYTES;
    IOException failure =
        overflow
            ? new IOException(
                "OkHttp's outbound queue is full ("
                    + MAX_OUTBOUND_QUEUE_BYTES
                    + " bytes not yet written), so the message was not sent and OkHttp closes"
                    + " the connection with code 1001")
            : notOpen();
    synchronized (lock) {
      if (state != State.OPEN) {
        return notOpen();
      }
      state = State.CLOSING;
      localCode = CloseCodes.GOING_AWAY;
      localReason = "";
      localCause = failure;
      armCloseTimer();
    }
    LOG.log(
        Level.DEBUG,
        "OkHttp did not queue a message of {0} bytes for {1}; the connection is closing",
        bytes,
        request.redactedUri());
    return failure;
  }

  @Override
  public CompletionStage<Void> close(int code, String reason) {
    CloseCodes.requireSendable(code);
    String checkedReason = CloseCodes.requireValidReason(reason);
    WebSocket target;
    CompletableFuture<Void> accepted = new CompletableFuture<>();
    synchronized (lock) {
      if (closeStage != null) {
        return closeStage;
      }
      if (state != State.OPEN) {
        return CompletableFuture.failedStage(notOpen());
      }
      state = State.CLOSING;
      localCode = code;
      localReason = checkedReason;
      // Not a tracked send: the peer's reply can end the connection before OkHttp's close()
      // returns here, and that end must not fail a close frame OkHttp already accepted.
      closeStage = accepted.minimalCompletionStage();
      armCloseTimer();
      target = webSocket;
    }
    LOG.log(Level.DEBUG, "Closing {0} with code {1}", request.redactedUri(), code);
    if (target.close(code, checkedReason.isEmpty() ? null : checkedReason)) {
      accepted.complete(null);
    } else {
      accepted.completeExceptionally(notOpen());
    }
    return closeStage;
  }

  @Override
  public void abort() {
    abortWith(CloseInfo.abnormal(false, null));
  }

  /** Returns the bytes in OkHttp's outbound queue, or 0 once the connection ended. */
  @Override
  public long bufferedAmount() {
    WebSocket current = webSocket;
    synchronized (lock) {
      if (state == State.ENDED || state == State.CONNECTING) {
        return 0;
      }
    }
    return current.queueSize();
  }

  @Override
  public String toString() {
    return "OkHttpConnection[" + request.redactedUri() + "]";
  }

  /** Starts the close timeout unless it runs already. Call while holding the lock. */
  private void armCloseTimer() {
    if (closeTimer == null) {
      closeTimer = OneShotTimer.start(request.closeTimeout(), executor, this::closeTimedOut);
    }
  }

  /** Cancels OkHttp's call, which closes the socket, and reports {@code info} once. */
  private void abortWith(CloseInfo info) {
    if (!markEnded()) {
      return;
    }
    WebSocket current = webSocket;
    if (current != null) {
      current.cancel();
    }
    report(info);
  }

  /** Switches to ENDED and stops the timer; returns false if already ended. */
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
    CloseInfo info;
    synchronized (lock) {
      TimeoutException timeout =
          new TimeoutException(
              "The peer did not complete the closing handshake within " + request.closeTimeout());
      if (state == State.PEER_CLOSING) {
        info = new CloseInfo(peerCode, peerReason, true, false, timeout);
      } else if (localCause instanceof MessageRejectedException) {
        timeout.initCause(localCause);
        info = new CloseInfo(localCode, localReason, false, false, timeout);
      } else {
        info = new CloseInfo(CloseCodes.ABNORMAL_CLOSURE, "", false, false, timeout);
      }
    }
    abortWith(info);
  }

  /**
   * Aborts the attempt because its connect stage was cancelled or failed before it completed. Once
   * the handshake succeeded the listener may already be inside {@code onOpen}, so the end is then
   * reported like an abort; {@link ConnectionEvents} drops that report if {@code onOpen} never ran.
   */
  private void cancelAttempt() {
    boolean opened;
    synchronized (lock) {
      opened = state != State.CONNECTING && state != State.ENDED;
    }
    if (opened) {
      abortWith(
          CloseInfo.abnormal(false, new CancellationException("The connect stage was cancelled")));
      return;
    }
    endAttempt();
    WebSocket current = webSocket;
    if (current != null) {
      current.cancel();
    }
  }

  /** Forgets an attempt that never reached the listener. */
  private void endAttempt() {
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

  /**
   * Checks the 101 response and reports {@code onOpen}; called by the receiver on the reader
   * thread. A subprotocol or extension that was not offered fails the connect and cancels the call.
   */
  void opened(WebSocket opened, Response response) {
    webSocket = opened;
    String target = request.redactedUri();
    try {
      List<String> protocols = response.headers(PROTOCOL_HEADER);
      String selected = protocols.isEmpty() ? null : String.join(", ", protocols);
      subprotocol = HandshakeChecks.selectedSubprotocol(request.subprotocols(), selected, target);
      extensions =
          NegotiatedExtensions.check(
              response.headers(UpgradeInterceptor.EXTENSIONS_HEADER),
              request.compression(),
              target);
    } catch (ConnectFailedException e) {
      connectStage.completeExceptionally(e);
      cancelAttempt();
      return;
    }
    synchronized (lock) {
      if (state != State.CONNECTING) {
        return;
      }
      state = State.OPEN;
    }
    events.open(this, connectStage, this::cancelAttempt);
  }

  /** Returns whether the inbound message with this index is dropped; reader thread only. */
  boolean dropsMessage(long messageIndex) {
    return messageIndex >= firstDroppedMessage;
  }

  /**
   * Drops the rejected message and every later one and closes with the rejection's code; called on
   * the reader thread by the inspector or the receiver.
   */
  void rejectInbound(long messageIndex, MessageRejectedException rejection) {
    firstDroppedMessage = Math.min(firstDroppedMessage, messageIndex);
    FrameInspector current = inspector;
    if (current != null) {
      current.discardRest();
    }
    WebSocket target;
    synchronized (lock) {
      if (state != State.OPEN) {
        return;
      }
      state = State.CLOSING;
      localCode = rejection.closeCode();
      localReason = rejection.closeReason();
      localCause = rejection;
      armCloseTimer();
      target = webSocket;
    }
    LOG.log(
        Level.DEBUG,
        "Closing {0} with code {1}: {2}",
        request.redactedUri(),
        rejection.closeCode(),
        rejection.getMessage());
    target.close(rejection.closeCode(), rejection.closeReason());
  }

  /**
   * Replies to the peer's close frame with the same code (1000 when that code may not be sent).
   * OkHttp calls {@code onClosed} only after this side's close frame went out.
   */
  void peerClosing(WebSocket source, int code, String reason) {
    synchronized (lock) {
      if (state != State.OPEN) {
        // This side's close frame is queued already, or the connection ended.
        return;
      }
      state = State.PEER_CLOSING;
      peerCode = code;
      peerReason = reason;
      armCloseTimer();
    }
    source.close(CloseFrames.replyCode(code), null);
  }

  /** Reports a completed closing handshake; OkHttp has closed the socket. */
  void closedCleanly(int code, String reason) {
    CloseInfo info;
    synchronized (lock) {
      switch (state) {
        case ENDED:
          return;
        case CLOSING:
          info = new CloseInfo(localCode, localReason, false, true, localCause);
          break;
        case PEER_CLOSING:
          info = CloseInfo.remoteClose(peerCode, peerReason);
          break;
        default:
          info = CloseInfo.remoteClose(code, reason);
          break;
      }
    }
    finish(info);
  }

  /**
   * Handles {@code onFailure}: a failed connect, or the end of an open connection. OkHttp has
   * cancelled the socket by then. A local abort was reported already and is ignored here.
   */
  void failed(Throwable failure, Response response) {
    boolean connecting;
    synchronized (lock) {
      connecting = state == State.CONNECTING;
    }
    if (connecting) {
      connectStage.completeExceptionally(OkHttpConnectFailures.map(failure, response, request));
      endAttempt();
      return;
    }
    FrameInspector current = inspector;
    boolean peerClosed = current != null && current.peerCloseSeen();
    CloseInfo info;
    synchronized (lock) {
      switch (state) {
        case ENDED:
          return;
        case CLOSING:
          info = closingFailed(failure, peerClosed);
          break;
        case PEER_CLOSING:
          info = new CloseInfo(peerCode, peerReason, true, false, failure);
          break;
        default:
          info = CloseInfo.abnormal(true, failure);
          break;
      }
    }
    finish(info);
  }

  /**
   * Returns how a close this side started ended when OkHttp reported a failure. After an inbound
   * rejection the inspector ends the stream once the peer's close frame arrived. OkHttp reports
   * that as a failure, but it is a completed closing handshake. Call while holding the lock.
   */
  private CloseInfo closingFailed(Throwable failure, boolean peerClosed) {
    if (peerClosed) {
      return new CloseInfo(localCode, localReason, false, true, localCause);
    }
    if (localCause instanceof MessageRejectedException) {
      return new CloseInfo(localCode, localReason, false, false, failure);
    }
    return CloseInfo.abnormal(true, failure);
  }

  private void finish(CloseInfo info) {
    if (markEnded()) {
      report(info);
    }
  }
}
