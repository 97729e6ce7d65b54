package io.partysocket.tck.server;

import io.partysocket.tck.internal.Frame;
import io.partysocket.tck.internal.FrameCodec;
import io.partysocket.tck.internal.HttpHead;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import javax.net.ssl.SSLSocket;

/**
 * The server side of one TCP connection accepted by {@link ScriptedServer}: what it received and
 * the commands a test uses to make it misbehave.
 *
 * <p>One reader thread per connection performs the handshake, reads frames, records them as {@link
 * ServerEvent}s and, by default, echoes messages, answers pings with pongs and answers a close
 * frame. Commands may be called from any thread; writes are serialized so frames never interleave.
 * Thread-safe.
 */
public final class ServerConnection {

  /** The largest message or frame the server accepts before closing with 1009: 64 MiB. */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private static final int MAX_HEAD_BYTES = 16 * 1024;
  private static final int DRAIN_MILLIS = 2000;

  private final ScriptedServer server;
  private final Socket socket;
  private final boolean secure;
  private final int id;
  private final long acceptedNanos = System.nanoTime();
  private final Object writeLock = new Object();
  private final Object stateLock = new Object();
  private final AtomicBoolean socketClosed = new AtomicBoolean();

  private final EventLog log;

  // Guarded by stateLock.
  private HttpHead request;
  private boolean requestDone; // the handshake was answered, or the connection ended
  private boolean readingPaused;

  private volatile boolean echo = true;
  private volatile boolean answerPings = true;
  private volatile boolean answerClose = true;
  private volatile boolean closeSent;
  private volatile boolean handshakeAccepted;

  // Written by the reader thread before any command can write; guarded by writeLock for writes.
  private volatile OutputStream out;
  private InputStream in;

  ServerConnection(ScriptedServer server, Socket socket, boolean secure, int id) {
    this.server = server;
    this.socket = socket;
    this.secure = secure;
    this.id = id;
    this.log = new EventLog("server connection " + id);
  }

  /** Returns the number of this connection on its server, starting at 1 in accept order. */
  public int id() {
    return id;
  }

  /**
   * Returns when the server accepted the TCP connection, on the {@link System#nanoTime()} clock.
   */
  public long acceptedNanos() {
    return acceptedNanos;
  }

  /**
   * Returns whether the server accepted the opening handshake: it is set just before the 101
   * response is written, and the connection speaks WebSocket until {@link #ended()}.
   */
  public boolean handshakeAccepted() {
    return handshakeAccepted;
  }

  /** Returns whether the connection came in on the TLS listener. */
  public boolean secure() {
    return secure;
  }

  /** Returns whether the HTTP request head was received. */
  public boolean requestReceived() {
    synchronized (stateLock) {
      return request != null;
    }
  }

  /** Returns the request target's path, such as {@code /chat}. */
  public String path() {
    return URI.create(requestTarget()).getRawPath();
  }

  /** Returns the request target's raw query, or {@code null} when it had none. */
  public String query() {
    return URI.create(requestTarget()).getRawQuery();
  }

  /** Returns the request headers by case-insensitive name, in the order received. */
  public Map<String, List<String>> headers() {
    return requireRequest().headers();
  }

  /** Returns every value of a request header; comma-separated values are kept as sent. */
  public List<String> headerValues(String name) {
    return requireRequest().headers().getOrDefault(name, List.of());
  }

  /** Returns the offered subprotocols in the order the client listed them. */
  public List<String> offeredSubprotocols() {
    return requireRequest().headerElements("Sec-WebSocket-Protocol");
  }

  /** Returns the offered extensions, one entry per extension with its parameters. */
  public List<String> offeredExtensions() {
    return requireRequest().headerElements("Sec-WebSocket-Extensions");
  }

  private String requestTarget() {
    String[] parts = requireRequest().startLine().split(" ");
    return parts.length > 1 ? parts[1] : "/";
  }

  private HttpHead requireRequest() {
    synchronized (stateLock) {
      if (request == null) {
        throw new IllegalStateException(
            "connection " + id + " received no HTTP request; check requestReceived() first");
      }
      return request;
    }
  }

  /** Returns a snapshot of everything recorded so far, in order. */
  public List<ServerEvent> events() {
    return log.snapshot();
  }

  /** Returns the recorded events of one type, in order. */
  public <T extends ServerEvent> List<T> events(Class<T> type) {
    return log.ofType(type);
  }

  /** Returns the text messages received so far, in order. */
  public List<String> texts() {
    return events(ServerEvent.Text.class).stream().map(ServerEvent.Text::text).toList();
  }

  /**
   * Waits for the first event of {@code type}, including one recorded earlier.
   *
   * @throws AssertionError if none is recorded within {@code timeout}
   */
  public <T extends ServerEvent> T await(Class<T> type, Duration timeout) {
    return log.awaitCount(type, 1, timeout).get(0);
  }

  /**
   * Waits until at least {@code count} events of {@code type} were recorded and returns the first
   * {@code count} of them.
   *
   * @throws AssertionError if fewer are recorded within {@code timeout}
   */
  public <T extends ServerEvent> List<T> awaitCount(Class<T> type, int count, Duration timeout) {
    return log.awaitCount(type, count, timeout);
  }

  /**
   * Waits for the first event that matches {@code condition}.
   *
   * @throws AssertionError if none is recorded within {@code timeout}
   */
  public ServerEvent await(Predicate<ServerEvent> condition, Duration timeout) {
    return log.awaitMatch(condition, timeout);
  }

  /** Waits for the end of the TCP connection and returns how it ended. */
  public ServerEvent.How awaitTcpEnd(Duration timeout) {
    return await(ServerEvent.TcpEnd.class, timeout).how();
  }

  /** Returns whether the TCP connection has ended. */
  public boolean ended() {
    return log.ended();
  }

  /**
   * Sets whether received messages are echoed; on by default unless the handshake used {@link
   * Handshake#noEcho()}.
   */
  public void echo(boolean on) {
    this.echo = on;
  }

  /** Sets whether pings are answered with pongs; on by default. */
  public void answerPings(boolean on) {
    this.answerPings = on;
  }

  /** Sets whether a close frame from the client is answered; on by default. */
  public void answerClose(boolean on) {
    this.answerClose = on;
  }

  /** Stops reading from the socket, so the client's writes back up in TCP buffers. */
  public void stopReading() {
    synchronized (stateLock) {
      readingPaused = true;
    }
  }

  /** Resumes reading after {@link #stopReading()}. */
  public void resumeReading() {
    synchronized (stateLock) {
      readingPaused = false;
      stateLock.notifyAll();
    }
  }

  /** Sends a whole text message in one frame. */
  public void sendText(String text) {
    sendFrame(Frame.OP_TEXT, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a whole binary message in one frame. */
  public void sendBinary(byte[] data) {
    sendFrame(Frame.OP_BINARY, true, data);
  }

  /** Sends a text frame whose payload is not valid UTF-8. */
  public void sendInvalidUtf8() {
    sendFrame(Frame.OP_TEXT, true, new byte[] {'o', 'k', (byte) 0xC3, '('});
  }

  /** Sends a ping. */
  public void ping(byte[] payload) {
    sendFrame(Frame.OP_PING, true, payload);
  }

  /** Sends a pong, for example one the client never asked for. */
  public void pong(byte[] payload) {
    sendFrame(Frame.OP_PONG, true, payload);
  }

  /** Sends a close frame with a code and reason; the client's answer completes the handshake. */
  public void close(int code, String reason) {
    closeSent = true;
    sendFrame(Frame.OP_CLOSE, true, Frame.closePayload(code, reason));
  }

  /** Sends a close frame with an empty payload, which carries no code. */
  public void closeWithoutCode() {
    closeSent = true;
    sendFrame(Frame.OP_CLOSE, true, new byte[0]);
  }

  /**
   * Sends one frame exactly as given, unmasked, so a test can fragment messages, interleave control
   * frames or break the protocol.
   */
  public void sendFrame(int opcode, boolean fin, byte[] payload) {
    sendFrame(opcode, fin, 0, payload);
  }

  /** Sends one frame with the given reserved bits (RSV1 is 4). */
  public void sendFrame(int opcode, boolean fin, int rsv, byte[] payload) {
    sendRaw(FrameCodec.encode(fin, rsv, opcode, payload, null));
  }

  /** Writes bytes to the socket as they are. */
  public void sendRaw(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    OutputStream stream = out;
    if (stream == null) {
      throw new IllegalStateException("connection " + id + " has not finished its handshake");
    }
    synchronized (writeLock) {
      try {
        stream.write(bytes);
        stream.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("write to server connection " + id + " failed", e);
      }
    }
  }

  /** Resets the TCP connection: closes it with {@code SO_LINGER} 0 so the client gets an RST. */
  public void reset() {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // The socket is already closed; there is nothing left to reset.
    }
    end(ServerEvent.How.SERVER_CLOSED);
  }

  /**
   * Ends the TCP connection without a close frame: sends FIN and keeps reading until the client
   * closes its side. On TLS the socket is closed at once, because TLS has no half-close.
   */
  public void fin() {
    if (socket instanceof SSLSocket) {
      end(ServerEvent.How.SERVER_CLOSED);
      return;
    }
    try {
      socket.shutdownOutput();
    } catch (IOException e) {
      end(ServerEvent.How.SERVER_CLOSED);
    }
  }

  /** Closes the TCP connection at once, as a server going down does. */
  public void disconnect() {
    end(ServerEvent.How.SERVER_CLOSED);
  }

  void run() {
    try {
      in = new BufferedInputStream(socket.getInputStream());
      OutputStream stream = socket.getOutputStream();
      HttpHead head = HttpHead.read(in, MAX_HEAD_BYTES);
      if (head == null) {
        end(ServerEvent.How.CLIENT_FIN);
        return;
      }
      synchronized (stateLock) {
        request = head;
      }
      Handshake handshake = server.nextHandshake(this);
      switch (handshake.action()) {
        case REJECT -> {
          stream.write(HandshakeResponses.rejection(handshake));
          stream.flush();
          markAnswered();
          drainAndClose();
        }
        case STALL -> {
          markAnswered();
          drainAndClose(0);
        }
        case RESET -> {
          markAnswered();
          reset();
        }
        case ACCEPT -> {
          byte[] response = HandshakeResponses.acceptance(head, handshake);
          if (response == null) {
            record(new ServerEvent.Violation("handshake request is not a WebSocket upgrade"));
            stream.write(HandshakeResponses.rejection(Handshake.reject(400)));
            markAnswered();
            drainAndClose();
            return;
          }
          echo = handshake.echo();
          synchronized (writeLock) {
            // Both are set before the 101 goes out, so a test that saw the client open finds the
            // connection accepted, and a command it sends waits for the lock and follows the 101.
            out = stream;
            handshakeAccepted = true;
            stream.write(response);
            stream.flush();
          }
          markAnswered();
          readFrames();
        }
      }
    } catch (IOException e) {
      if (e instanceof javax.net.ssl.SSLException) {
        record(new ServerEvent.Violation("TLS failed: " + e.getMessage()));
      }
      end(ServerEvent.How.READ_FAILED);
    } catch (RuntimeException e) {
      record(new ServerEvent.Violation("server connection failed: " + e));
      end(ServerEvent.How.SERVER_CLOSED);
    } finally {
      markAnswered();
      end(ServerEvent.How.SERVER_CLOSED);
    }
  }

  /** Lets {@link ScriptedServer#awaitConnection} return this connection. */
  private void markAnswered() {
    synchronized (stateLock) {
      requestDone = true;
      stateLock.notifyAll();
    }
  }

  boolean awaitAnswered(long deadlineNanos) throws InterruptedException {
    synchronized (stateLock) {
      while (!requestDone && !log.ended()) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        stateLock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private void readFrames() throws IOException {
    MessageAssembler message = new MessageAssembler(MAX_MESSAGE_BYTES);
    while (true) {
      awaitReadingAllowed();
      Frame frame;
      try {
        frame = FrameCodec.read(in, MAX_MESSAGE_BYTES);
      } catch (FrameCodec.FrameTooLargeException e) {
        closeForViolation(1009, "frame too large: " + e.getMessage());
        return;
      } catch (java.net.ProtocolException e) {
        closeForViolation(1002, e.getMessage());
        return;
      }
      if (frame == null) {
        end(ServerEvent.How.CLIENT_FIN);
        return;
      }
      if (!frame.masked()) {
        record(new ServerEvent.Violation("client frame is not masked"));
      }
      if (frame.rsv() != 0) {
        record(new ServerEvent.Violation("client frame has reserved bits " + frame.rsv()));
      }
      if (!handleFrame(frame, message)) {
        return;
      }
    }
  }

  /** Handles one frame; returns false when the connection is done. */
  private boolean handleFrame(Frame frame, MessageAssembler message) throws IOException {
    switch (frame.opcode()) {
      case Frame.OP_PING -> {
        record(new ServerEvent.Ping(frame.payload()));
        if (answerPings && !closeSent) {
          trySend(Frame.OP_PONG, frame.payload());
        }
      }
      case Frame.OP_PONG -> record(new ServerEvent.Pong(frame.payload()));
      case Frame.OP_CLOSE -> {
        return handleClose(frame);
      }
      case Frame.OP_TEXT, Frame.OP_BINARY, Frame.OP_CONTINUATION -> {
        String problem = message.add(frame);
        if (problem != null) {
          closeForViolation(problem.startsWith("message") ? 1009 : 1002, problem);
          return false;
        }
        if (message.complete()) {
          deliver(message.opcode(), message.take());
        }
      }
      default -> record(new ServerEvent.Violation("reserved opcode " + frame.opcode()));
    }
    return true;
  }

  private boolean handleClose(Frame frame) throws IOException {
    record(new ServerEvent.Close(frame.closeCode(), frame.closeReason(), frame.payload().length));
    if (closeSent) {
      drainAndClose();
      return false;
    }
    if (!answerClose) {
      return true;
    }
    closeSent = true;
    byte[] reply = frame.payload().length == 0 ? new byte[0] : echoedClosePayload(frame);
    trySend(Frame.OP_CLOSE, reply);
    drainAndClose();
    return false;
  }

  private static byte[] echoedClosePayload(Frame frame) {
    int code = frame.closeCode();
    boolean sendable =
        (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000);
    return Frame.closePayload(sendable && code <= 4999 ? code : 1002, "");
  }

  private void deliver(int opcode, byte[] payload) {
    ServerEvent message;
    if (opcode == Frame.OP_TEXT) {
      String text;
      try {
        text = FrameCodec.decodeUtf8(payload);
      } catch (CharacterCodingException e) {
        record(new ServerEvent.Violation("text message is not valid UTF-8"));
        text = new String(payload, StandardCharsets.UTF_8);
      }
      message = new ServerEvent.Text(text);
    } else {
      message = new ServerEvent.Binary(payload);
    }
    if (server.recordsMessages()) {
      record(message);
    }
    server.messageSink().onMessage(this, message);
    if (echo && !closeSent) {
      trySend(opcode, payload);
    }
  }

  private void closeForViolation(int code, String description) throws IOException {
    record(new ServerEvent.Violation(description));
    if (!closeSent) {
      closeSent = true;
      trySend(Frame.OP_CLOSE, Frame.closePayload(code, ""));
    }
    drainAndClose();
  }

  private void trySend(int opcode, byte[] payload) {
    try {
      sendFrame(opcode, true, payload);
    } catch (UncheckedIOException e) {
      // The client is gone; the reader records how the connection ended.
    }
  }

  private void awaitReadingAllowed() throws IOException {
    synchronized (stateLock) {
      while (readingPaused && !log.ended()) {
        try {
          stateLock.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while reading was paused");
        }
      }
    }
  }

  private void drainAndClose() {
    drainAndClose(DRAIN_MILLIS);
  }

  /**
   * Half-closes (except on TLS), then reads and discards until the client closes its side. A
   * timeout of 0 waits for as long as the client keeps the connection open.
   */
  private void drainAndClose(int timeoutMillis) {
    try {
      if (timeoutMillis > 0 && !(socket instanceof SSLSocket)) {
        socket.shutdownOutput();
      } else if (timeoutMillis > 0) {
        end(ServerEvent.How.SERVER_CLOSED);
        return;
      }
      socket.setSoTimeout(timeoutMillis);
      byte[] buffer = new byte[8192];
      while (in.read(buffer) >= 0) {
        // Discard: the handshake or the closing handshake is over.
      }
      end(ServerEvent.How.CLIENT_FIN);
    } catch (SocketTimeoutException e) {
      end(ServerEvent.How.SERVER_CLOSED);
    } catch (IOException e) {
      end(ServerEvent.How.READ_FAILED);
    }
  }

  private void record(ServerEvent event) {
    log.record(event);
  }

  private void end(ServerEvent.How how) {
    log.end(how);
    synchronized (stateLock) {
      stateLock.notifyAll();
    }
    if (socketClosed.compareAndSet(false, true)) {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing failed; the socket is unusable either way.
      }
      server.socketClosed();
    }
  }

  @Override
  public String toString() {
    return "ServerConnection[id=" + id + ", secure=" + secure + "]";
  }
}
