package io.partysocket.transport.tyrus.internal;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.support.ConnectionEvents;
import io.partysocket.spi.support.OneShotTimer;
import io.partysocket.spi.support.SendTracker;
import io.partysocket.spi.support.Utf8;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.glassfish.tyrus.client.ClientManager;

/**
 * One connection over Tyrus, normalized to the SPI contract.
 *
 * <p>What this class adds to Tyrus: a close that ends when the peer's close frame arrived or the
 * close timeout fired (Tyrus reports a local close at once, on the caller's thread, and closes the
 * TCP connection right after its frame); an abort, which the Jakarta API lacks; the inbound size
 * limit with close code 1009 (see {@link FrameReader}); and listener calls moved off Tyrus's
 * threads onto a serial executor. {@link ConnectAttempt} runs the opening handshake, and {@link
 * SocketCloser} closes the socket at any stage.
 *
 * <p>Thread-safe. {@link TyrusEndpoint}, {@link ObservingEngine}, {@link ObservingConnection},
 * {@link FrameReader} and {@link DeferredCloseWriter} report Tyrus's events through the
 * package-private methods.
 */
public final class TyrusConnection implements WebSocketConnection, FrameReader.Connection {

  private static final System.Logger LOG = System.getLogger(TyrusConnection.class.getName());

  /** The largest ping payload RFC 6455 allows. */
  private static final int MAX_PING_BYTES = 125;

  /** The life-cycle stage of the connection. */
  private enum State {
    /** The handshake has not finished. */
    CONNECTING,
    /** Open; sends are accepted. */
    OPEN,
    /** This side sent or is sending a close frame and waits for the peer's. */
    CLOSING,
    /** The peer sent a close frame; the reply is being written. */
    PEER_CLOSING,
    /** The end was reported, or the attempt ended. */
    ENDED
  }

  private final ConnectRequest request;
  private final Executor executor;
  private final Consumer<TyrusConnection> onEnd;
  private final SendTracker sends = new SendTracker();
  private final ConnectionEvents events;
  private final CompletableFuture<WebSocketConnection> connectStage = new CompletableFuture<>();
  private final TyrusEndpoint endpoint = new TyrusEndpoint(this);
  private final SocketCloser socket = new SocketCloser();
  private final ConnectAttempt attempt;
  private final Object lock = new Object();

  /** Written while holding {@link #lock}; read without it where a stale value is harmless. */
  private volatile State state = State.CONNECTING;

  /** Guarded by {@link #lock}. */
  private OneShotTimer closeTimer;

  /** The code and reason of this side's close frame. Guarded by {@link #lock}. */
  private int closeCode;

  private String closeReason = "";

  /** The stage returned by {@link #close}, or null. Guarded by {@link #lock}. */
  private SendTracker.Send localClose;

  /**
   * Whether this side's close frame (a close or the reply) was written. Guarded by {@link #lock}.
   */
  private boolean closeFrameWritten;

  /** Guarded by {@link #lock}. */
  private Throwable closeWriteFailure;

  /** Whether the peer's close frame arrived. Guarded by {@link #lock}. */
  private boolean peerCloseReceived;

  /** The peer's close code and reason. Guarded by {@link #lock}. */
  private int peerCode;

  private String peerReason = "";

  /** Set once by {@link #opened}. */
  private volatile Session session;

  /** Set once by {@link #subprotocolSelected}. */
  private volatile String subprotocol;

  /**
   * Creates a connection that has not started.
   *
   * @param request what to connect to
   * @param listener the SPI listener
   * @param executor runs listener calls (through a serial executor) and timer actions
   * @param onEnd runs once when the connection or the attempt ends, to let the factory forget it
   */
  public TyrusConnection(
      ConnectRequest request,
      ConnectionListener listener,
      Executor executor,
      Consumer<TyrusConnection> onEnd) {
    this.request = Objects.requireNonNull(request, "request");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
    this.events = new ConnectionEvents(listener, executor, sends);
    this.attempt = new ConnectAttempt(this, request, executor, socket);
  }

  /**
   * Starts the opening handshake through {@code manager}.
   *
   * @return the connect stage of the SPI: completes after {@code onOpen}, or fails with {@link
   *     ConnectFailedException}; cancelling it aborts the attempt
   */
  public CompletableFuture<WebSocketConnection> start(ClientManager manager) {
    connectStage.whenComplete(
        (ignored, failure) -> {
          if (connectStage.isCancelled()) {
            endAttempt(new CancellationException("The connect stage was cancelled"));
          }
        });
    ClientEndpointConfig config;
    try {
      config = TyrusEndpointConfigs.configFor(request, this);
    } catch (NoSuchAlgorithmException e) {
      failAttempt(TyrusConnectFailures.map(e, request, -1, Map.of()));
      return connectStage;
    }
    attempt.start(manager, endpoint, config);
    return connectStage;
  }

  /**
   * Ends the connection because its factory closes: fails a pending connect with {@code CANCELLED},
   * or aborts an open connection.
   */
  public void shutdown() {
    ConnectFailedException closed =
        new ConnectFailedException(
            Kind.CANCELLED,
            "The factory was closed while connecting to " + request.redactedUri(),
            null);
    if (endAttempt(closed)) {
      connectStage.completeExceptionally(closed);
      return;
    }
    end(CloseInfo.abnormal(false, new IOException("The transport factory was closed")));
  }

  @Override
  public String subprotocol() {
    return subprotocol;
  }

  /** Returns an empty list: this transport offers no extensions and rejects unoffered ones. */
  @Override
  public List<String> extensions() {
    return List.of();
  }

  @Override
  public CompletionStage<Void> sendText(String text) {
    Objects.requireNonNull(text, "text");
    return send(
        Utf8.encodedLength(text),
        (remote, send) -> remote.sendText(text, result -> complete(send, result.getException())));
  }

  @Override
  public CompletionStage<Void> sendBinary(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    // Tyrus copies the bytes before sendBinary returns; the view keeps the caller's position.
    ByteBuffer view = data.duplicate();
    return send(
        view.remaining(),
        (remote, send) -> remote.sendBinary(view, result -> complete(send, result.getException())));
  }

  /** A send through Tyrus's asynchronous remote endpoint. */
  private interface Write {
    void run(RemoteEndpoint.Async remote, SendTracker.Send send) throws IOException;
  }

  /** Registers a send of {@code bytes} and hands it to Tyrus while the connection is open. */
  private CompletionStage<Void> send(long bytes, Write write) {
    SendTracker.Send send;
    Session current;
    synchronized (lock) {
      if (state != State.OPEN) {
        return CompletableFuture.failedStage(notOpen());
      }
      send = sends.begin(bytes);
      current = session;
    }
    try {
      write.run(current.getAsyncRemote(), send);
    } catch (IOException | RuntimeException e) {
      send.fail(e);
    }
    return send.stage();
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
    return send(copy.remaining(), (remote, send) -> sendPing(remote, send, copy));
  }

  /**
   * Sends a ping. Tyrus's {@code sendPing} reports nothing, but writes the frame on the calling
   * thread, where {@link DeferredCloseWriter} picks up the send to complete it.
   */
  private void sendPing(RemoteEndpoint.Async remote, SendTracker.Send send, ByteBuffer payload)
      throws IOException {
    DeferredCloseWriter.expectPing(send);
    try {
      remote.sendPing(payload);
    } finally {
      SendTracker.Send unclaimed = DeferredCloseWriter.takeUnclaimedPing();
      if (unclaimed != null && !unclaimed.isDone()) {
        // Tyrus took the ping without writing it on this thread; it was accepted.
        LOG.log(
            Level.DEBUG, "Tyrus accepted a ping for {0} without a write", request.redactedUri());
        unclaimed.succeed();
      }
    }
  }

  @Override
  public CompletionStage<Void> close(int code, String reason) {
    CloseCodes.requireSendable(code);
    String checkedReason = CloseCodes.requireValidReason(reason);
    SendTracker.Send send;
    Session current;
    synchronized (lock) {
      if (localClose != null) {
        return localClose.stage();
      }
      if (state != State.OPEN) {
        return CompletableFuture.failedStage(notOpen());
      }
      send = sends.begin(0);
      localClose = send;
      startClosing(code, checkedReason);
      current = session;
    }
    LOG.log(Level.DEBUG, "Closing {0} with code {1}", request.redactedUri(), code);
    sendClose(current, code, checkedReason);
    return send.stage();
  }

  @Override
  public void abort() {
    end(CloseInfo.abnormal(false, null));
  }

  @Override
  public long bufferedAmount() {
    return sends.bufferedAmount();
  }

  @Override
  public String toString() {
    return "TyrusConnection[" + request.redactedUri() + "]";
  }

  ConnectRequest request() {
    return request;
  }

  long maxInboundMessageBytes() {
    return request.maxInboundMessageBytes();
  }

  /** Returns whether the connect attempt is still running. */
  boolean attemptLive() {
    return state == State.CONNECTING;
  }

  /** Returns whether inbound frames still go to Tyrus: only while the connection is open. */
  @Override
  public boolean acceptsInbound() {
    return state == State.OPEN;
  }

  // ---------------------------------------------------------------- connect attempt

  ConnectAttempt attempt() {
    return attempt;
  }

  SocketCloser socket() {
    return socket;
  }

  /** Returns whether the connection or the attempt ended. */
  boolean hasEnded() {
    return state == State.ENDED;
  }

  void subprotocolSelected(String selected) {
    subprotocol = selected;
  }

  /** Handles Tyrus's {@code onOpen}: registers the handlers, then reports the open connection. */
  void opened(Session opened) {
    synchronized (lock) {
      if (state != State.CONNECTING) {
        return;
      }
      state = State.OPEN;
      session = opened;
    }
    attempt.stopDeadline();
    // FrameReader enforces the limit; Tyrus's own buffers must not close with another one first.
    opened.setMaxTextMessageBufferSize(Integer.MAX_VALUE);
    opened.setMaxBinaryMessageBufferSize(Integer.MAX_VALUE);
    TyrusEndpoint.addHandlers(opened, events);
    LOG.log(Level.DEBUG, "Connected to {0}", request.redactedUri());
    events.open(this, connectStage, this::abortCancelled);
  }

  private void abortCancelled() {
    end(CloseInfo.abnormal(false, new CancellationException("The connect stage was cancelled")));
  }

  /** Fails the connect stage with {@code failure}, unless the attempt already opened or ended. */
  void failAttempt(ConnectFailedException failure) {
    if (endAttempt(failure)) {
      LOG.log(Level.DEBUG, "Connect to {0} failed: {1}", request.redactedUri(), failure.kind());
      connectStage.completeExceptionally(failure);
    }
  }

  /**
   * Ends an attempt that never reached the listener: closes its socket and releases the Tyrus
   * thread that waits for the handshake.
   *
   * @return false when the attempt had already ended or opened
   */
  private boolean endAttempt(Throwable reason) {
    synchronized (lock) {
      if (state != State.CONNECTING) {
        return false;
      }
      state = State.ENDED;
    }
    attempt.stopDeadline();
    sends.close();
    socket.close();
    attempt.release(reason);
    onEnd.accept(this);
    return true;
  }

  // ---------------------------------------------------------------- closing

  /** Switches to CLOSING with this side's code and arms the close timeout; hold {@link #lock}. */
  private void startClosing(int code, String reason) {
    state = State.CLOSING;
    closeCode = code;
    closeReason = reason;
    armCloseTimer();
  }

  private void armCloseTimer() {
    if (closeTimer == null) {
      closeTimer = OneShotTimer.start(request.closeTimeout(), executor, this::closeTimedOut);
    }
  }

  /** Hands this side's close frame to Tyrus, which writes it through the deferred writer. */
  private void sendClose(Session current, int code, String reason) {
    try {
      current.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(wireCode(code)), reason));
    } catch (IOException | RuntimeException e) {
      end(new CloseInfo(CloseCodes.ABNORMAL_CLOSURE, "", false, false, e));
    }
  }

  /**
   * Returns the code to put on the wire: Tyrus replaces 1012 and 1013 from a client with 1000, so
   * this transport sends 1001 (going away) for them. {@code onClosed} reports the code given to
   * {@link #close}.
   */
  static int wireCode(int code) {
    if (code == CloseCodes.SERVICE_RESTART || code == CloseCodes.TRY_AGAIN_LATER) {
      return CloseCodes.GOING_AWAY;
    }
    return code;
  }

  /** Closes with {@code code} because an inbound message broke a limit; called by the reader. */
  @Override
  public void rejectInbound(int code, String reason, String detail) {
    Session current;
    synchronized (lock) {
      if (state != State.OPEN) {
        return;
      }
      startClosing(code, reason);
      current = session;
    }
    LOG.log(Level.DEBUG, "Closing {0} with code {1}: {2}", request.redactedUri(), code, detail);
    sendClose(current, code, reason);
  }

  /**
   * Handles Tyrus's {@code onClose}. It matters only while the connection is open: Tyrus then
   * closes on its own, for a protocol error or invalid UTF-8 (1002, 1007), and writes that close
   * frame next. Every other {@code onClose} repeats an end this class has already recorded.
   */
  void tyrusClosed(CloseReason reason) {
    synchronized (lock) {
      if (state != State.OPEN) {
        return;
      }
      String phrase = reason.getReasonPhrase() == null ? "" : reason.getReasonPhrase();
      startClosing(reason.getCloseCode().getCode(), phrase);
    }
    LOG.log(
        Level.DEBUG,
        "Tyrus closes {0} with code {1}",
        request.redactedUri(),
        reason.getCloseCode().getCode());
  }

  /**
   * Handles the peer's close frame, seen by the reader before Tyrus.
   *
   * @param parsedCode the frame's code, or -1 when it had none
   * @return whether Tyrus gets the frame: yes while open, so that Tyrus writes the reply
   */
  @Override
  public boolean peerClosed(int parsedCode, String reason) {
    int code = parsedCode < 0 ? CloseCodes.NO_STATUS_RECEIVED : parsedCode;
    CloseInfo finished = null;
    boolean replyNeeded = false;
    synchronized (lock) {
      switch (state) {
        case OPEN:
          state = State.PEER_CLOSING;
          peerCode = code;
          peerReason = reason;
          armCloseTimer();
          replyNeeded = true;
          break;
        case CLOSING:
          peerCloseReceived = true;
          peerCode = code;
          peerReason = reason;
          if (closeFrameWritten) {
            finished = localCloseInfo();
          }
          break;
        default:
          break;
      }
    }
    if (finished != null) {
      end(finished);
    }
    return replyNeeded;
  }

  /** Handles the outcome of writing this side's close frame; {@code failure} is null if written. */
  void closeFrameWritten(Throwable failure) {
    SendTracker.Send ownClose;
    CloseInfo finished = null;
    synchronized (lock) {
      closeFrameWritten = true;
      closeWriteFailure = failure;
      ownClose = localClose;
      if (state == State.CLOSING && (peerCloseReceived || failure != null)) {
        finished = localCloseInfo();
      } else if (state == State.PEER_CLOSING) {
        finished = new CloseInfo(peerCode, peerReason, true, failure == null, failure);
      }
    }
    // The close stage completes before onClosed, which fails every send still pending.
    if (ownClose != null) {
      complete(ownClose, failure);
    }
    if (finished != null) {
      end(finished);
    }
  }

  /** Returns the end of a close this side started; hold {@link #lock}. */
  private CloseInfo localCloseInfo() {
    if (closeWriteFailure != null) {
      return new CloseInfo(CloseCodes.ABNORMAL_CLOSURE, "", false, false, closeWriteFailure);
    }
    return CloseInfo.localClose(closeCode, closeReason);
  }

  /** Handles Tyrus's request to close the TCP connection: granted only once the end is reported. */
  void closeRequested() {
    if (state == State.ENDED) {
      socket.close();
    }
  }

  /**
   * Handles the end of the TCP connection, reported by the Grizzly container. When the peer's close
   * frame arrived and only the outcome of this side's close frame is missing, the end waits for
   * that outcome, bounded by the close timeout. Grizzly reports a write's completion on the writing
   * thread after the write returns, so a peer that closes TCP right after the handshake can make
   * the end arrive first.
   */
  void tcpEnded() {
    CloseInfo info;
    synchronized (lock) {
      EOFException cause =
          new EOFException("The TCP connection ended before the closing handshake completed");
      switch (state) {
        case OPEN:
          info = CloseInfo.abnormal(true, cause);
          break;
        case CLOSING:
          if (peerCloseReceived && !closeFrameWritten) {
            return;
          }
          info = CloseInfo.abnormal(true, cause);
          break;
        case PEER_CLOSING:
          if (!closeFrameWritten) {
            return;
          }
          info = new CloseInfo(peerCode, peerReason, true, false, cause);
          break;
        default:
          return;
      }
    }
    end(info);
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
    end(info);
  }

  /** Reports a ping the reader found, after Tyrus sent the pong. */
  @Override
  public void pingReceived(ByteBuffer payload) {
    events.ping(payload);
  }

  // ---------------------------------------------------------------- the end

  /** Reports {@code info} and closes the TCP connection, unless the end was reported already. */
  private void end(CloseInfo info) {
    OneShotTimer timer;
    synchronized (lock) {
      if (state == State.ENDED || state == State.CONNECTING) {
        return;
      }
      state = State.ENDED;
      timer = closeTimer;
    }
    if (timer != null) {
      timer.cancel();
    }
    LOG.log(
        Level.DEBUG,
        "Connection to {0} ended: code {1}, remote {2}, clean {3}",
        request.redactedUri(),
        info.code(),
        info.remote(),
        info.clean());
    events.closed(info);
    socket.close();
    onEnd.accept(this);
  }

  private static void complete(SendTracker.Send send, Throwable failure) {
    if (failure == null) {
      send.succeed();
    } else {
      send.fail(failure);
    }
  }

  private static IOException notOpen() {
    return new IOException("The WebSocket connection is closing or closed; the frame was not sent");
  }
}
