package io.partysocket.transport.jdk.internal;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.support.CloseFrames;
import io.partysocket.spi.support.ConnectionEvents;
import io.partysocket.spi.support.MessageAssembler;
import io.partysocket.spi.support.MessageRejectedException;
import io.partysocket.spi.support.OneShotTimer;
import io.partysocket.spi.support.SendTracker;
import io.partysocket.spi.support.Utf8;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One connection over {@link java.net.http.WebSocket}, normalized to the SPI contract.
 *
 * <p>What this class adds to the JDK client: a send FIFO (the JDK accepts one outstanding message),
 * a close timeout that aborts (the JDK has none), an {@code onClosed} for aborts (the JDK's {@code
 * abort()} calls no listener method), whole messages under {@code request(n)} flow control with the
 * inbound size limit (close code 1009), close code 1007 for invalid UTF-8, the peer's close echoed
 * and reported with its own code, and listener calls moved off the JDK's threads onto a serial
 * executor.
 *
 * <p>Two codes cannot reach the wire as they should. The JDK detects invalid UTF-8 itself and
 * queues a 1007 close frame while it shuts its output down, so in Java 17 the peer gets that frame
 * only sometimes (both outcomes were observed on loopback) before the TCP connection ends. The JDK
 * also refuses to send some codes, 1009 among them (see {@link JdkCloseCodes}), so an oversized
 * message is closed with 1008 on the wire. In both cases the listener receives {@code onClosed}
 * with the real code, 1007 or 1009.
 *
 * <p>Thread-safe. {@link JdkReceiver} turns the JDK's listener calls into calls of this class.
 */
public final class JdkConnection implements WebSocketConnection {

  private static final System.Logger LOG = System.getLogger(JdkConnection.class.getName());

  /** The largest ping payload RFC 6455 allows. */
  private static final int MAX_PING_BYTES = 125;

  /** The life-cycle stage of the connection. */
  private enum State {
    /** The handshake has not finished. */
    CONNECTING,
    /** Open; sends are accepted. */
    OPEN,
    /** This side queued or sent a close frame and waits for the peer's. */
    CLOSING,
    /** The peer sent a close frame; the reply is being written. */
    PEER_CLOSING,
    /** The end was reported, or the attempt was cancelled. */
    ENDED
  }

  private final ConnectRequest request;
  private final Executor executor;
  private final Consumer<JdkConnection> onEnd;
  private final SendTracker sends = new SendTracker();
  private final ConnectionEvents events;
  private final CompletableFuture<WebSocketConnection> connectStage = new CompletableFuture<>();
  private final Object lock = new Object();

  /** Guarded by {@link #lock}. */
  private State state = State.CONNECTING;

  /** The code and reason of this side's close frame. Guarded by {@link #lock}. */
  private int localCode;

  private String localReason = "";

  /** The stage of this side's close frame, or null. Guarded by {@link #lock}. */
  private SendTracker.Send localClose;

  /** Whether this side's close frame was handed to the JDK. Guarded by {@link #lock}. */
  private boolean localCloseHandedOver;

  /** The peer's close code and reason, for a reply that times out. Guarded by {@link #lock}. */
  private int peerCode;

  private String peerReason = "";

  /** Guarded by {@link #lock}. */
  private OneShotTimer closeTimer;

  /** The JDK WebSocket; set once in {@code onOpen}. */
  private volatile WebSocket webSocket;

  /** Set once in {@code onOpen}. */
  private volatile SendQueue queue;

  private volatile String subprotocol;

  /** The JDK's connect future; set once by {@link #start}. */
  private volatile CompletableFuture<WebSocket> handshake;

  /**
   * Creates a connection that has not started.
   *
   * @param request what to connect to
   * @param listener the SPI listener
   * @param executor runs listener calls (through a serial executor) and timer actions
   * @param onEnd runs once when the connection or the attempt ends, to let the factory forget it
   */
  public JdkConnection(
      ConnectRequest request,
      ConnectionListener listener,
      Executor executor,
      Consumer<JdkConnection> onEnd) {
    this.request = Objects.requireNonNull(request, "request");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
    this.events = new ConnectionEvents(listener, executor, sends);
  }

  /**
   * Starts the opening handshake on {@code client}.
   *
   * @return the connect stage of the SPI: completes after {@code onOpen}, or fails with {@link
   *     ConnectFailedException}; cancelling it aborts the attempt
   */
  public CompletableFuture<WebSocketConnection> start(HttpClient client) {
    CompletableFuture<WebSocket> started;
    try {
      JdkReceiver receiver =
          new JdkReceiver(this, events, new MessageAssembler(request.maxInboundMessageBytes()));
      started = builder(client).buildAsync(request.uri(), receiver);
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    handshake = started;
    started.whenComplete(
        (ignored, failure) -> {
          if (failure != null) {
            connectStage.completeExceptionally(JdkConnectFailures.map(failure, request));
            endAttempt();
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

  private WebSocket.Builder builder(HttpClient client) {
    WebSocket.Builder builder =
        client.newWebSocketBuilder().connectTimeout(request.connectTimeout());
    request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
    List<String> protocols = request.subprotocols();
    if (!protocols.isEmpty()) {
      String[] rest = protocols.subList(1, protocols.size()).toArray(new String[0]);
      builder.subprotocols(protocols.get(0), rest);
    }
    return builder;
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

  /** Returns an empty list: the JDK client negotiates no extensions. */
  @Override
  public List<String> extensions() {
    return List.of();
  }

  @Override
  public CompletionStage<Void> sendText(String text) {
    Objects.requireNonNull(text, "text");
    return enqueue(Utf8.encodedLength(text), webSocket -> webSocket.sendText(text, true));
  }

  @Override
  public CompletionStage<Void> sendBinary(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    ByteBuffer view = data.duplicate();
    return enqueue(view.remaining(), webSocket -> webSocket.sendBinary(view, true));
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
    return enqueue(copy.remaining(), webSocket -> webSocket.sendPing(copy));
  }

  private CompletionStage<Void> enqueue(
      long bytes, Function<WebSocket, CompletableFuture<WebSocket>> write) {
    SendTracker.Send send;
    SendQueue target;
    synchronized (lock) {
      if (state != State.OPEN) {
        return CompletableFuture.failedStage(notOpen());
      }
      send = sends.begin(bytes);
      target = queue;
      if (!target.add(new SendQueue.Item(send, write))) {
        send.fail(notOpen());
      }
    }
    target.pump();
    return send.stage();
  }

  @Override
  public CompletionStage<Void> close(int code, String reason) {
    CloseCodes.requireSendable(code);
    String checkedReason = CloseCodes.requireValidReason(reason);
    SendTracker.Send send;
    SendQueue target;
    synchronized (lock) {
      if (localClose != null) {
        return localClose.stage();
      }
      if (state != State.OPEN) {
        return CompletableFuture.failedStage(notOpen());
      }
      state = State.CLOSING;
      send = startLocalClose(code, checkedReason);
      target = queue;
    }
    target.pump();
    return send.stage();
  }

  /** Queues this side's close frame and arms the close timeout. Call while holding the lock. */
  private SendTracker.Send startLocalClose(int code, String reason) {
    localCode = code;
    localReason = reason;
    SendTracker.Send send = sends.begin(0);
    localClose = send;
    Function<WebSocket, CompletableFuture<WebSocket>> write =
        webSocket -> {
          synchronized (lock) {
            localCloseHandedOver = true;
          }
          return webSocket.sendClose(JdkCloseCodes.wireCode(code), reason);
        };
    if (!queue.add(new SendQueue.Item(send, write))) {
      send.fail(notOpen());
    }
    closeTimer = OneShotTimer.start(request.closeTimeout(), executor, this::closeTimedOut);
    LOG.log(Level.DEBUG, "Closing {0} with code {1}", request.redactedUri(), code);
    return send;
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
    return "JdkConnection[" + request.redactedUri() + "]";
  }

  /** Aborts the TCP connection and reports {@code info}, unless the end was reported already. */
  private void abortWith(CloseInfo info) {
    if (!markEnded()) {
      return;
    }
    WebSocket current = webSocket;
    if (current != null) {
      current.abort();
    }
    report(info);
  }

  /** Switches to ENDED and stops the timer and the queue; returns false if already ended. */
  private boolean markEnded() {
    OneShotTimer timer;
    SendQueue current;
    synchronized (lock) {
      if (state == State.ENDED) {
        return false;
      }
      state = State.ENDED;
      timer = closeTimer;
      current = queue;
    }
    if (timer != null) {
      timer.cancel();
    }
    if (current != null) {
      current.stop(notOpen());
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
      } else {
        info = new CloseInfo(CloseCodes.ABNORMAL_CLOSURE, "", false, false, timeout);
      }
    }
    abortWith(info);
  }

  private void cancelAttempt() {
    CompletableFuture<WebSocket> started = handshake;
    if (started != null) {
      started.cancel(true);
    }
    WebSocket current = webSocket;
    if (current != null) {
      current.abort();
    }
    endAttempt();
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

  /** Records the open WebSocket and reports {@code onOpen}; called by the receiver. */
  void opened(WebSocket opened) {
    webSocket = opened;
    String selected = opened.getSubprotocol();
    subprotocol = selected == null || selected.isEmpty() ? null : selected;
    synchronized (lock) {
      queue = new SendQueue(opened);
      if (state == State.CONNECTING) {
        state = State.OPEN;
      }
    }
    events.open(this, connectStage, this::cancelAttempt);
  }

  /**
   * Closes with the rejection's code (1009 or 1002, see {@link JdkCloseCodes} for the code on the
   * wire); called by the receiver, which drops later inbound data.
   */
  void rejectInbound(MessageRejectedException rejection) {
    LOG.log(
        Level.DEBUG,
        "Closing {0} with code {1}: {2}",
        request.redactedUri(),
        rejection.closeCode(),
        rejection.getMessage());
    SendQueue target;
    synchronized (lock) {
      if (state != State.OPEN) {
        return;
      }
      state = State.CLOSING;
      target = queue;
      localCode = rejection.closeCode();
      localReason = rejection.closeReason();
      localClose = sends.begin(0);
      localCloseHandedOver = true;
      closeTimer = OneShotTimer.start(request.closeTimeout(), executor, this::closeTimedOut);
    }
    // Frames still queued would follow the close frame, so they are failed instead.
    target.stop(notOpen());
    SendTracker.Send send = localClose;
    webSocket
        .sendClose(JdkCloseCodes.wireCode(rejection.closeCode()), rejection.closeReason())
        .whenComplete(
            (ignored, failure) -> {
              if (failure == null) {
                send.succeed();
              } else {
                send.fail(failure);
              }
            });
  }

  /** Handles the peer's close frame, or the end of the TCP stream (code 1006). */
  CompletionStage<?> peerClosed(WebSocket source, int code, String reason) {
    if (code == CloseCodes.ABNORMAL_CLOSURE) {
      // The JDK reports 1006 when the TCP connection ended without a close frame.
      abortWith(
          CloseInfo.abnormal(
              true, new EOFException("The peer closed the TCP connection without a close frame")));
      return null;
    }
    boolean replyNeeded;
    SendTracker.Send ownClose;
    SendQueue target;
    synchronized (lock) {
      if (state == State.ENDED) {
        return null;
      }
      replyNeeded = !(state == State.CLOSING && localCloseHandedOver);
      if (replyNeeded) {
        state = State.PEER_CLOSING;
        peerCode = code;
        peerReason = reason;
      }
      ownClose = localClose;
      target = queue;
    }
    if (!replyNeeded) {
      finishAfterOwnClose(ownClose);
      return null;
    }
    target.stop(new IOException("The peer closed the connection; the frame was not sent"));
    return replyToPeerClose(source, code, reason);
  }

  /**
   * Sends the reply to the peer's close frame and reports the end once it was written. The JDK
   * would send its own reply once the returned stage completes; by then the output is closed and
   * that second reply is dropped.
   */
  private CompletionStage<?> replyToPeerClose(WebSocket source, int code, String reason) {
    synchronized (lock) {
      if (closeTimer == null) {
        closeTimer = OneShotTimer.start(request.closeTimeout(), executor, this::closeTimedOut);
      }
    }
    CompletableFuture<WebSocket> reply;
    try {
      reply = source.sendClose(JdkCloseCodes.wireCode(CloseFrames.replyCode(code)), "");
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    return reply.whenComplete(
        (ignored, failure) -> {
          if (failure == null) {
            finish(CloseInfo.remoteClose(code, reason));
          } else {
            abortWith(new CloseInfo(code, reason, true, false, failure));
          }
        });
  }

  /**
   * Reports the end of a close this side started, once the JDK completed the write of this side's
   * close frame: the peer's reply can arrive before that completion, and reporting first would fail
   * a close stage whose frame was written.
   */
  private void finishAfterOwnClose(SendTracker.Send ownClose) {
    ownClose
        .stage()
        .whenComplete(
            (ignored, failure) -> {
              int code;
              String reason;
              synchronized (lock) {
                code = localCode;
                reason = localReason;
              }
              finish(new CloseInfo(code, reason, false, failure == null, failure));
            });
  }

  /** Reports a completed closing handshake; the JDK closes the TCP connection itself. */
  private void finish(CloseInfo info) {
    if (markEnded()) {
      report(info);
    }
  }

  /** Handles an error the JDK reported; the JDK has closed the connection by then. */
  void failed(Throwable error, boolean invalidUtf8) {
    if (invalidUtf8) {
      abortWith(
          new CloseInfo(
              CloseCodes.INVALID_PAYLOAD, "Invalid UTF-8 in a text message", false, false, error));
      return;
    }
    // The connection died under this side, whether or not a close was in progress.
    abortWith(CloseInfo.abnormal(true, error));
  }
}
