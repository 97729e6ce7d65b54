package io.partysocket.tck.adapters;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.internal.Frame;
import io.partysocket.tck.internal.FrameCodec;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * One connection of {@link SocketWebSocketFactory}. The reader thread owns the socket's input and
 * makes every listener call; the writer thread drains {@link #outbound}. Thread-safe.
 */
final class SocketConnection implements WebSocketConnection {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConnectRequest request;
  private final ConnectionListener listener;
  private final ScheduledExecutorService timer;
  private final int id;
  private final Consumer<SocketConnection> onEnd;
  private final CompletableFuture<WebSocketConnection> opened = new CompletableFuture<>();
  private final BlockingQueue<Outgoing> outbound = new LinkedBlockingQueue<>();
  private final AtomicLong buffered = new AtomicLong();
  private final Socket socket = new Socket();
  private final Object lock = new Object();

  // Guarded by lock.
  private boolean terminated;
  private boolean closeQueued;
  private CompletableFuture<Void> closeStage;
  private String endReason;
  private ScheduledFuture<?> timeout;

  // Written before the writer starts and read by it, or by the reader only.
  private volatile OutputStream out;
  private volatile Thread writer;
  private volatile boolean tcpConnected;
  private volatile Handshaker.Result handshake;

  SocketConnection(
      ConnectRequest request,
      ConnectionListener listener,
      ScheduledExecutorService timer,
      int id,
      Consumer<SocketConnection> onEnd) {
    this.request = request;
    this.listener = listener;
    this.timer = timer;
    this.id = id;
    this.onEnd = onEnd;
  }

  CompletionStage<WebSocketConnection> start() {
    opened.whenComplete(
        (connection, failure) -> {
          if (opened.isCancelled()) {
            endWith("cancelled");
          }
        });
    schedule(request.connectTimeout().toMillis(), "handshake timeout");
    SocketWebSocketFactory.daemon(this::run, "socket-ws-reader-" + id).start();
    return opened;
  }

  private void run() {
    try {
      handshake = Handshaker.open(socket, request, () -> tcpConnected = true);
      out = handshake.output();
    } catch (IOException | RuntimeException e) {
      failConnect(e);
      closeSocket();
      onEnd.accept(this);
      return;
    }
    cancelTimeout();
    writer = SocketWebSocketFactory.daemon(this::writeLoop, "socket-ws-writer-" + id);
    writer.start();

    listener.onOpen(this);
    if (!opened.complete(this)) {
      endWith("cancelled");
    }
    CloseInfo info = readLoop(handshake.input());
    terminate(info);
  }

  private void failConnect(Throwable failure) {
    String reason;
    synchronized (lock) {
      reason = endReason;
    }
    Kind kind;
    if ("cancelled".equals(reason) || "factory closed".equals(reason)) {
      kind = Kind.CANCELLED;
    } else if ("handshake timeout".equals(reason)) {
      kind = tcpConnected ? Kind.HANDSHAKE_TIMEOUT : Kind.CONNECT_TIMEOUT;
    } else if (failure instanceof ConnectFailedException connectFailure) {
      opened.completeExceptionally(connectFailure);
      return;
    } else if (failure instanceof ConnectException) {
      kind = Kind.REFUSED;
    } else if (failure instanceof UnknownHostException) {
      kind = Kind.UNKNOWN_HOST;
    } else if (failure instanceof SSLException) {
      kind = Kind.TLS;
    } else if (failure instanceof ProtocolException) {
      kind = Kind.PROTOCOL;
    } else {
      kind = Kind.IO;
    }
    opened.completeExceptionally(
        new ConnectFailedException(
            kind, "connect to " + request.redactedUri() + " failed", failure));
  }

  private CloseInfo readLoop(InputStream in) {
    Reader reader = new Reader(in, request.maxInboundMessageBytes());
    try {
      while (true) {
        Reader.Step step = reader.next();
        if (step.closeCode() != 0) {
          return finishClose(step);
        }
        if (step.failCode() != 0) {
          startClose(step.failCode(), "");
          continue;
        }
        deliver(step);
      }
    } catch (IOException | RuntimeException e) {
      return abnormalEnd(e);
    }
  }

  private void deliver(Reader.Step step) {
    Frame frame = step.frame();
    if (frame == null || isClosing()) {
      return;
    }
    switch (frame.opcode()) {
      case Frame.OP_PING -> {
        enqueue(Frame.OP_PONG, frame.payload(), false);
        listener.onPing(ByteBuffer.wrap(frame.payload()));
      }
      case Frame.OP_PONG -> listener.onPong(ByteBuffer.wrap(frame.payload()));
      case Frame.OP_TEXT -> {
        try {
          listener.onText(FrameCodec.decodeUtf8(frame.payload()));
        } catch (CharacterCodingException e) {
          startClose(CloseCodes.INVALID_PAYLOAD, "");
        }
      }
      default -> listener.onBinary(ByteBuffer.wrap(frame.payload()));
    }
  }

  /** Handles the peer's close frame: answers it if the peer started, then ends cleanly. */
  private CloseInfo finishClose(Reader.Step step) {
    boolean remote;
    synchronized (lock) {
      remote = !closeQueued;
      closeQueued = true;
    }
    if (remote) {
      byte[] reply =
          step.closeCode() == CloseCodes.NO_STATUS_RECEIVED
              ? new byte[0]
              : Frame.closePayload(
                  CloseCodes.isSendable(step.closeCode()) ? step.closeCode() : 1002, "");
      CompletableFuture<Void> written = enqueue(Frame.OP_CLOSE, reply, false);
      try {
        written.get(request.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        return new CloseInfo(step.closeCode(), step.closeReason(), true, false, e);
      }
    }
    return new CloseInfo(step.closeCode(), step.closeReason(), remote, true, null);
  }

  private CloseInfo abnormalEnd(Exception failure) {
    String reason;
    synchronized (lock) {
      reason = endReason;
    }
    if (reason == null) {
      Throwable cause =
          failure instanceof EOFException || failure.getMessage() == null
              ? new EOFException("peer closed the connection without a close frame")
              : failure;
      return CloseInfo.abnormal(true, cause);
    }
    if ("close timeout".equals(reason)) {
      return new CloseInfo(
          CloseCodes.ABNORMAL_CLOSURE,
          "close timeout",
          false,
          false,
          new TimeoutException("peer did not answer the close frame in time"));
    }
    return new CloseInfo(CloseCodes.ABNORMAL_CLOSURE, reason, false, false, null);
  }

  /**
   * Ends the connection and calls {@code onClosed}. The writer is stopped first, so no send stage
   * completes after {@code onClosed}; a write in progress fails because the socket is closed.
   */
  private void terminate(CloseInfo info) {
    synchronized (lock) {
      terminated = true;
    }
    cancelTimeout();
    closeSocket();
    try {
      writer.join(request.closeTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued();
    onEnd.accept(this);
    listener.onClosed(info);
  }

  private void writeLoop() {
    Outgoing next = null;
    try {
      while (true) {
        next = outbound.poll(100, TimeUnit.MILLISECONDS);
        synchronized (lock) {
          if (terminated) {
            if (next != null) {
              next.stage().completeExceptionally(closedException());
            }
            return;
          }
        }
        if (next != null) {
          out.write(next.frame());
          out.flush();
          buffered.addAndGet(-next.payloadBytes());
          next.stage().complete(null);
        }
      }
    } catch (IOException | InterruptedException e) {
      if (next != null) {
        next.stage().completeExceptionally(e);
      }
      closeSocket();
      failQueued();
    }
  }

  @Override
  public String subprotocol() {
    return handshake.subprotocol();
  }

  @Override
  public List<String> extensions() {
    return List.of();
  }

  @Override
  public CompletionStage<Void> sendText(String text) {
    return enqueue(Frame.OP_TEXT, text.getBytes(StandardCharsets.UTF_8), true);
  }

  @Override
  public CompletionStage<Void> sendBinary(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    return enqueue(Frame.OP_BINARY, bytes, true);
  }

  @Override
  public CompletionStage<Void> ping(ByteBuffer payload) {
    if (payload.remaining() > Frame.MAX_CONTROL_PAYLOAD) {
      throw new IllegalArgumentException(
          "ping payload must be at most 125 bytes but was " + payload.remaining());
    }
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    return enqueue(Frame.OP_PING, bytes, true);
  }

  @Override
  public CompletionStage<Void> close(int code, String reason) {
    CloseCodes.requireSendable(code);
    String checked = CloseCodes.requireValidReason(reason);
    synchronized (lock) {
      if (closeQueued || terminated) {
        return closeStage != null ? closeStage : CompletableFuture.completedFuture(null);
      }
    }
    return startClose(code, checked);
  }

  private CompletionStage<Void> startClose(int code, String reason) {
    synchronized (lock) {
      if (closeQueued || terminated) {
        return closeStage != null ? closeStage : CompletableFuture.completedFuture(null);
      }
      closeQueued = true;
      closeStage = enqueue(Frame.OP_CLOSE, Frame.closePayload(code, reason), false);
    }
    schedule(request.closeTimeout().toMillis(), "close timeout");
    return closeStage;
  }

  private boolean isClosing() {
    synchronized (lock) {
      return closeQueued || terminated;
    }
  }

  @Override
  public void abort() {
    endWith("aborted");
  }

  void abortForShutdown() {
    endWith("factory closed");
    opened.cancel(false);
  }

  @Override
  public long bufferedAmount() {
    return buffered.get();
  }

  /** Queues a frame. Data frames and pings are rejected once closing started. */
  private CompletableFuture<Void> enqueue(int opcode, byte[] payload, boolean rejectWhenClosing) {
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    Outgoing outgoing =
        new Outgoing(
            FrameCodec.encode(true, 0, opcode, payload, mask),
            payload.length,
            new CompletableFuture<>());
    synchronized (lock) {
      if (terminated || (rejectWhenClosing && closeQueued)) {
        return CompletableFuture.failedFuture(closedException());
      }
      buffered.addAndGet(payload.length);
      outbound.add(outgoing);
    }
    return outgoing.stage();
  }

  private void failQueued() {
    for (Outgoing pending; (pending = outbound.poll()) != null; ) {
      buffered.addAndGet(-pending.payloadBytes());
      pending.stage().completeExceptionally(closedException());
    }
  }

  private static IOException closedException() {
    return new IOException("connection is closed; the frame was not written");
  }

  private void schedule(long millis, String reason) {
    ScheduledFuture<?> task = timer.schedule(() -> endWith(reason), millis, TimeUnit.MILLISECONDS);
    synchronized (lock) {
      if (timeout != null) {
        timeout.cancel(false);
      }
      timeout = task;
    }
  }

  private void cancelTimeout() {
    synchronized (lock) {
      if (timeout != null) {
        timeout.cancel(false);
      }
    }
  }

  /** Records why the connection ends (first reason wins) and closes the socket. */
  private void endWith(String reason) {
    synchronized (lock) {
      if (endReason == null && !terminated) {
        endReason = reason;
      }
    }
    closeSocket();
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      // The socket is unusable either way.
    }
  }

  private record Outgoing(byte[] frame, int payloadBytes, CompletableFuture<Void> stage) {}

  /** Reads frames and joins fragments, enforcing the message size limit. */
  private static final class Reader {
    private final InputStream in;
    private final long limit;
    private java.io.ByteArrayOutputStream message;
    private int messageOpcode;

    /**
     * The outcome of one read: a whole message or control frame, a close frame (closeCode set), or
     * a violation to close with (failCode set).
     */
    record Step(Frame frame, int closeCode, String closeReason, int failCode) {}

    Reader(InputStream in, long limit) {
      this.in = new BufferedInputStream(in, 64 * 1024);
      this.limit = limit;
    }

    Step next() throws IOException {
      Frame frame;
      try {
        frame = FrameCodec.read(in, limit);
      } catch (FrameCodec.FrameTooLargeException e) {
        in.skipNBytes(e.unreadBytes());
        message = null;
        return new Step(null, 0, "", CloseCodes.MESSAGE_TOO_BIG);
      }
      if (frame == null) {
        throw new EOFException("peer closed the connection without a close frame");
      }
      if (frame.masked() || frame.rsv() != 0) {
        return new Step(null, 0, "", CloseCodes.PROTOCOL_ERROR);
      }
      if (frame.opcode() == Frame.OP_CLOSE) {
        return new Step(frame, frame.closeCode(), frame.closeReason(), 0);
      }
      if (frame.isControl()) {
        return new Step(frame, 0, "", 0);
      }
      return assemble(frame);
    }

    private Step assemble(Frame frame) {
      if (frame.opcode() != Frame.OP_CONTINUATION) {
        message = new java.io.ByteArrayOutputStream();
        messageOpcode = frame.opcode();
      } else if (message == null) {
        return new Step(null, 0, "", CloseCodes.PROTOCOL_ERROR);
      }
      if (message.size() + (long) frame.payload().length > limit) {
        message = null;
        return new Step(null, 0, "", CloseCodes.MESSAGE_TOO_BIG);
      }
      message.writeBytes(frame.payload());
      if (!frame.fin()) {
        return new Step(null, 0, "", 0);
      }
      byte[] payload = message.toByteArray();
      message = null;
      return new Step(new Frame(true, 0, messageOpcode, false, payload), 0, "", 0);
    }
  }
}
