package io.partysocket.transport.netty;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A WebSocket server on plain sockets whose test scripts can do what a conforming server never
 * does: bad frames, a missing close reply, a TCP reset. It listens on 127.0.0.1 with an ephemeral
 * port and runs one script per connection on its own thread. {@link #close()} closes every socket
 * and waits for those threads.
 */
final class RawWebSocketServer {

  /** What the server does with one connection. */
  interface Script {
    void run(Peer peer) throws Exception;
  }

  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket serverSocket;
  private final Script script;
  private final boolean secure;
  private final Thread acceptor;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> workers = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Throwable> scriptFailures = new LinkedBlockingQueue<>();

  /** Connections whose request headers were read, in arrival order. */
  final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();

  private RawWebSocketServer(
      ServerSocketFactory factory, SNIMatcher sniMatcher, boolean secure, Script script)
      throws IOException {
    this.serverSocket = factory.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    if (sniMatcher != null) {
      // Before the acceptor starts: the JDK copies a TLS server socket's settings into the next
      // accepted socket when accept() begins to wait.
      SSLServerSocket tls = (SSLServerSocket) serverSocket;
      SSLParameters parameters = tls.getSSLParameters();
      parameters.setSNIMatchers(List.of(sniMatcher));
      tls.setSSLParameters(parameters);
    }
    this.script = script;
    this.secure = secure;
    this.acceptor = new Thread(this::acceptLoop, "raw-ws-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a plain {@code ws} server running {@code script} for each connection. */
  static RawWebSocketServer start(Script script) throws IOException {
    return new RawWebSocketServer(ServerSocketFactory.getDefault(), null, false, script);
  }

  /** Starts a {@code wss} server with {@code tls} running {@code script} for each connection. */
  static RawWebSocketServer startTls(SSLContext tls, Script script) throws IOException {
    return new RawWebSocketServer(tls.getServerSocketFactory(), null, true, script);
  }

  /** Starts a {@code wss} server that passes each client's SNI names to {@code sniMatcher}. */
  static RawWebSocketServer startTls(SSLContext tls, SNIMatcher sniMatcher, Script script)
      throws IOException {
    return new RawWebSocketServer(tls.getServerSocketFactory(), sniMatcher, true, script);
  }

  /** Returns a URI of this server with host 127.0.0.1. */
  URI uri(String pathAndQuery) {
    return uri("127.0.0.1", pathAndQuery);
  }

  /** Returns a URI of this server with the given host name, which must resolve to loopback. */
  URI uri(String host, String pathAndQuery) {
    return URI.create(
        (secure ? "wss://" : "ws://") + host + ":" + serverSocket.getLocalPort() + pathAndQuery);
  }

  /** Returns the next connection whose request arrived, waiting up to 5 seconds. */
  Peer nextPeer() throws InterruptedException {
    Peer peer = peers.poll(5, TimeUnit.SECONDS);
    if (peer == null) {
      throw new AssertionError("No connection reached the raw server within 5 seconds");
    }
    return peer;
  }

  /** Returns the first exception a script threw, or null. */
  Throwable scriptFailure() {
    return scriptFailures.peek();
  }

  void close() throws IOException, InterruptedException {
    serverSocket.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    acceptor.join(5000);
    for (Thread worker : workers) {
      worker.join(5000);
    }
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        return;
      }
      sockets.add(socket);
      Thread worker = new Thread(() -> serve(socket), "raw-ws-connection");
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(20_000);
      Peer peer = new Peer(socket);
      peer.readRequest();
      peers.add(peer);
      script.run(peer);
    } catch (SocketException | EOFException e) {
      // The client or the test closed the socket; nothing to report.
    } catch (Exception | AssertionError e) {
      scriptFailures.add(e);
    }
  }

  /** Returns the bytes of one unmasked frame; {@code rsvBits} go into the first byte as given. */
  static byte[] frameBytes(boolean fin, int rsvBits, int opcode, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
    frame.write((fin ? 0x80 : 0) | rsvBits | opcode);
    if (payload.length < 126) {
      frame.write(payload.length);
    } else if (payload.length < 65536) {
      frame.write(126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xFF);
    } else {
      frame.write(127);
      frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
    }
    frame.writeBytes(payload);
    return frame.toByteArray();
  }

  /** One frame read from the client, unmasked. */
  static final class Frame {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    final boolean fin;

    /** The reserved bits as they sit in the first byte: 0x40 is RSV1, set on compressed frames. */
    final int rsv;

    final int opcode;
    final byte[] payload;

    Frame(boolean fin, int rsv, int opcode, byte[] payload) {
      this.fin = fin;
      this.rsv = rsv;
      this.opcode = opcode;
      this.payload = payload;
    }

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** Returns the close code of a close frame, or -1 when it has none. */
    int closeCode() {
      return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }

    String closeReason() {
      return payload.length <= 2
          ? ""
          : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "Frame[opcode=" + opcode + ", fin=" + fin + ", length=" + payload.length + "]";
    }
  }

  /** One client connection, as seen by a script. */
  static final class Peer {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    final Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
    String requestLine;

    Peer(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    /** Returns the values of a request header (name in any case), or an empty list. */
    List<String> header(String name) {
      return requestHeaders.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    private void readRequest() throws IOException {
      requestLine = readLine();
      String line;
      while (!(line = readLine()).isEmpty()) {
        int colon = line.indexOf(':');
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        requestHeaders
            .computeIfAbsent(name, k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
    }

    private String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new EOFException("Connection closed while reading the request");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Completes the handshake, selecting {@code subprotocol} (null for none). */
    void accept(String subprotocol) throws IOException {
      acceptWith(subprotocol, acceptKey(header("sec-websocket-key").get(0)));
    }

    /** Completes the handshake with a chosen {@code Sec-WebSocket-Accept} value. */
    void acceptWith(String subprotocol, String acceptKey) throws IOException {
      StringBuilder response =
          new StringBuilder(
              "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
      response.append("Sec-WebSocket-Accept: ").append(acceptKey).append("\r\n");
      if (subprotocol != null) {
        response.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
      }
      response.append("\r\n");
      out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    /** Rejects the handshake with an HTTP status, headers and a body, then closes. */
    void reject(int status, Map<String, String> headers, String body) throws IOException {
      byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder response = new StringBuilder("HTTP/1.1 " + status + " Rejected\r\n");
      headers.forEach(
          (name, value) -> response.append(name).append(": ").append(value).append("\r\n"));
      response.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
      response.append("Connection: close\r\n\r\n");
      out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(bodyBytes);
      out.flush();
    }

    /** Writes bytes exactly as given, such as a handshake response with frames right behind it. */
    synchronized void sendRaw(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** Returns the TLS session of a {@code wss} connection. */
    SSLSession tlsSession() {
      return ((SSLSocket) socket).getSession();
    }

    /** Returns the {@code Sec-WebSocket-Accept} value that matches the client's key. */
    String expectedAccept() {
      return acceptKey(header("sec-websocket-key").get(0));
    }

    void sendText(String text) throws IOException {
      sendFrame(true, Frame.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendClose(int code, String reason) throws IOException {
      byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
      ByteBuffer payload = ByteBuffer.allocate(2 + reasonBytes.length);
      payload.putShort((short) code).put(reasonBytes);
      sendFrame(true, Frame.CLOSE, payload.array());
    }

    /** Writes one unmasked frame, as a server does. */
    void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
      sendRaw(frameBytes(fin, 0, opcode, payload));
    }

    /** Writes one unmasked frame with reserved bits, such as RSV1 (0x40) for a compressed one. */
    void sendFrame(boolean fin, int rsvBits, int opcode, byte[] payload) throws IOException {
      sendRaw(frameBytes(fin, rsvBits, opcode, payload));
    }

    /**
     * Reads the next frame from the client, unmasking it.
     *
     * @return the frame, or null when the client closed or reset the TCP connection
     * @throws SocketTimeoutException when nothing arrives within the socket timeout
     */
    Frame readFrame() throws IOException {
      int first;
      try {
        first = in.read();
      } catch (SocketTimeoutException e) {
        throw e;
      } catch (SocketException e) {
        return null;
      }
      if (first < 0) {
        return null;
      }
      int second = readByte();
      long length = second & 0x7F;
      if (length == 126) {
        length = (readByte() << 8) | readByte();
      } else if (length == 127) {
        length = ByteBuffer.wrap(readBytes(8)).getLong();
      }
      byte[] mask = (second & 0x80) != 0 ? readBytes(4) : null;
      byte[] payload = readBytes((int) length);
      if (mask != null) {
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i % 4];
        }
      }
      return new Frame((first & 0x80) != 0, first & 0x70, first & 0x0F, payload);
    }

    /** Reads frames until one with {@code opcode} arrives; returns null at end of stream. */
    Frame readUntil(int opcode) throws IOException {
      Frame frame;
      do {
        frame = readFrame();
      } while (frame != null && frame.opcode != opcode);
      return frame;
    }

    /** Reads and drops frames until the client closes the TCP connection. */
    void drainUntilEof() throws IOException {
      while (readFrame() != null) {
        // Dropped on purpose: only the end of the stream matters.
      }
    }

    /** Sets how long {@link #readFrame()} waits. */
    void readTimeout(int millis) throws SocketException {
      socket.setSoTimeout(millis);
    }

    /** Closes the TCP connection with a FIN and no close frame. */
    void closeTcp() throws IOException {
      socket.close();
    }

    /** Resets the TCP connection (RST). */
    void resetTcp() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    /** Returns whether the client closed the TCP connection within the socket timeout. */
    boolean clientClosedTcp() throws IOException {
      try {
        return in.read() < 0;
      } catch (SocketException e) {
        return true;
      }
    }

    private int readByte() throws IOException {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("Connection closed inside a frame");
      }
      return b;
    }

    private byte[] readBytes(int count) throws IOException {
      byte[] bytes = in.readNBytes(count);
      if (bytes.length < count) {
        throw new EOFException("Connection closed inside a frame");
      }
      return bytes;
    }

    private static String acceptKey(String key) {
      try {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 is missing from this JVM", e);
      }
    }
  }
}
