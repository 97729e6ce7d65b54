package io.partysocket.tck.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A WebSocket server on 127.0.0.1, written on plain sockets with its own RFC 6455 framing, that
 * records what each client sends and misbehaves on command. It echoes by default.
 *
 * <p>A test sets how the next handshakes are answered with {@link #enqueue}, connects, then takes
 * the server side of the connection from {@link #awaitConnection()} to check what arrived and to
 * script the server's next moves. An optional TLS listener serves {@link LocalhostCertificate}. One
 * thread accepts per listener and one thread serves each connection.
 *
 * <p>Thread-safe.
 */
public final class ScriptedServer implements AutoCloseable {

  /**
   * The receive buffer of accepted sockets, small so that a server that stops reading soon pushes
   * back on the client.
   */
  private static final int RECEIVE_BUFFER_BYTES = 128 * 1024;

  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

  private final LocalhostCertificate certificate;
  private final AtomicInteger openSockets = new AtomicInteger();
  private final AtomicInteger nextId = new AtomicInteger();
  private final Object lock = new Object();

  private volatile MessageSink messageSink = (connection, message) -> {};
  private volatile Function<ServerConnection, Handshake> handshakeSelector = connection -> null;
  private volatile boolean recordMessages = true;

  // Guarded by lock.
  private final Deque<Handshake> queued = new ArrayDeque<>();
  private final List<ServerConnection> connections = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Thread> acceptThreads = new ArrayList<>();
  private final Map<ServerConnection, SSLSocket> tlsSockets = new IdentityHashMap<>();
  private Handshake defaultHandshake = Handshake.accept();
  private ServerSocket plainListener;
  private ServerSocket tlsListener;
  private int returned;
  private int port;
  private int tlsPort = -1;
  private boolean closed;

  private ScriptedServer(LocalhostCertificate certificate) {
    this.certificate = certificate;
  }

  /** Starts a server with a plain listener on an ephemeral port. */
  public static ScriptedServer start() throws IOException {
    ScriptedServer server = new ScriptedServer(null);
    server.bind(0, -1);
    return server;
  }

  /** Starts a server with a plain listener and a TLS listener that serves {@code certificate}. */
  public static ScriptedServer startWithTls(LocalhostCertificate certificate) throws IOException {
    ScriptedServer server = new ScriptedServer(Objects.requireNonNull(certificate, "certificate"));
    server.bind(0, 0);
    return server;
  }

  /** Returns the plain listener's port. */
  public int port() {
    synchronized (lock) {
      return port;
    }
  }

  /** Returns the TLS listener's port, or -1 when there is none. */
  public int tlsPort() {
    synchronized (lock) {
      return tlsPort;
    }
  }

  /** Returns {@code ws://127.0.0.1:port} followed by {@code pathAndQuery}, such as "/a?b=c". */
  public URI uri(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
  }

  /**
   * Returns {@code wss://host:tlsPort} followed by {@code pathAndQuery}; the certificate matches
   * only the host {@code localhost}.
   */
  public URI tlsUri(String host, String pathAndQuery) {
    if (tlsPort() < 0) {
      throw new IllegalStateException("server has no TLS listener; start it with startWithTls");
    }
    return URI.create("wss://" + host + ":" + tlsPort() + pathAndQuery);
  }

  /**
   * Sets how handshakes are answered when nothing is queued; initially {@link Handshake#accept}.
   */
  public void setDefaultHandshake(Handshake handshake) {
    synchronized (lock) {
      defaultHandshake = Objects.requireNonNull(handshake, "handshake");
    }
  }

  /**
   * Receives every whole message that a connection reads, on that connection's reader thread and in
   * the order read. Keep it fast: the connection reads nothing else while it runs.
   */
  @FunctionalInterface
  public interface MessageSink {
    /**
     * Called once per text or binary message.
     *
     * @param connection the connection that read it
     * @param message a {@link ServerEvent.Text} or a {@link ServerEvent.Binary}
     */
    void onMessage(ServerConnection connection, ServerEvent message);
  }

  /** Sets the sink of received messages, replacing the previous one; none is set initially. */
  public void setMessageSink(MessageSink sink) {
    this.messageSink = Objects.requireNonNull(sink, "sink");
  }

  /**
   * Sets whether connections keep received messages in their {@link ServerConnection#events()}; on
   * by default. A long run that counts messages through a {@link MessageSink} turns it off so the
   * server's memory stays flat. Control frames and the end of the connection are still kept.
   */
  public void recordMessages(boolean on) {
    this.recordMessages = on;
  }

  MessageSink messageSink() {
    return messageSink;
  }

  boolean recordsMessages() {
    return recordMessages;
  }

  /** Queues how the next handshakes are answered, one per connection, in order. */
  public void enqueue(Handshake... handshakes) {
    synchronized (lock) {
      for (Handshake handshake : handshakes) {
        queued.add(Objects.requireNonNull(handshake, "handshake"));
      }
    }
  }

  /**
   * Sets a function that chooses the response to each handshake from its request, such as from a
   * header the client sends per attempt. It runs on the connection's thread once the request head
   * is read, and may read {@link ServerConnection#headers()} and {@link ServerConnection#path()}.
   * When it returns {@code null}, the queue of {@link #enqueue} and then the default handshake
   * decide. Initially it always returns {@code null}.
   */
  public void setHandshakeSelector(Function<ServerConnection, Handshake> selector) {
    this.handshakeSelector = Objects.requireNonNull(selector, "selector");
  }

  Handshake nextHandshake(ServerConnection connection) {
    Handshake selected = handshakeSelector.apply(connection);
    if (selected != null) {
      return selected;
    }
    synchronized (lock) {
      Handshake next = queued.poll();
      return next == null ? defaultHandshake : next;
    }
  }

  /** Waits up to 5 seconds for the next connection; see {@link #awaitConnection(Duration)}. */
  public ServerConnection awaitConnection() {
    return awaitConnection(DEFAULT_WAIT);
  }

  /**
   * Returns the next connection in accept order that this method has not returned yet, once the
   * server answered its handshake (or decided to stall it), or once it ended without one.
   *
   * @throws AssertionError if there is none within {@code timeout}
   */
  public ServerConnection awaitConnection(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ServerConnection next;
    synchronized (lock) {
      while (connections.size() <= returned) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "no new connection within " + timeout.toMillis() + " ms; accepted " + returned);
        }
        waitOn(lock, left);
      }
      next = connections.get(returned++);
    }
    try {
      if (!next.awaitAnswered(deadline)) {
        throw new AssertionError(
            "connection " + next.id() + " sent no request within " + timeout.toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a connection", e);
    }
    return next;
  }

  /**
   * Returns the TLS session of a connection that came in on the TLS listener, such as to read the
   * negotiated protocol, or the SNI host names the client sent through {@link
   * javax.net.ssl.ExtendedSSLSession#getRequestedServerNames()}. Call it once {@link
   * #awaitConnection()} returned the connection; before that it waits for the TLS handshake.
   *
   * @throws IllegalArgumentException if {@code connection} did not come in on this server's TLS
   *     listener
   */
  public SSLSession tlsSession(ServerConnection connection) {
    Objects.requireNonNull(connection, "connection");
    SSLSocket socket;
    synchronized (lock) {
      socket = tlsSockets.get(connection);
    }
    if (socket == null) {
      throw new IllegalArgumentException(
          "connection must have come in on this server's TLS listener but was " + connection);
    }
    return socket.getSession();
  }

  /** Returns every connection accepted so far, in order. */
  public List<ServerConnection> connections() {
    synchronized (lock) {
      return List.copyOf(connections);
    }
  }

  /** Returns the number of TCP connections accepted so far. */
  public int acceptedCount() {
    synchronized (lock) {
      return connections.size();
    }
  }

  /** Returns the number of accepted sockets that are still open on the server side. */
  public int openSockets() {
    return openSockets.get();
  }

  /**
   * Waits until no accepted socket is open.
   *
   * @throws AssertionError if some are still open after {@code timeout}
   */
  public void awaitNoOpenSockets(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (openSockets.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              openSockets.get()
                  + " server socket(s) still open after "
                  + timeout.toMillis()
                  + " ms");
        }
        waitOn(lock, Math.min(left, 50_000_000L));
      }
    }
  }

  void socketClosed() {
    openSockets.decrementAndGet();
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /**
   * Closes the listeners and every open connection without a close frame, as a server process that
   * exits does, and waits until new connections are refused. {@link #restart()} listens again on
   * the same ports.
   */
  public void stop() {
    List<Thread> acceptors;
    synchronized (lock) {
      closeQuietly(plainListener);
      closeQuietly(tlsListener);
      plainListener = null;
      tlsListener = null;
      acceptors = List.copyOf(acceptThreads);
      acceptThreads.clear();
    }
    // The JDK releases a listening socket only after the thread blocked in accept() has left it.
    for (Thread acceptor : acceptors) {
      try {
        acceptor.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    // Copied after the accept threads ended, so a connection accepted during the stop is included.
    List<ServerConnection> open;
    synchronized (lock) {
      open = List.copyOf(connections);
    }
    open.forEach(ServerConnection::disconnect);
  }

  /**
   * Listens again on the ports of the first start.
   *
   * @throws IllegalStateException if the server is running or closed
   */
  public void restart() throws IOException {
    synchronized (lock) {
      if (closed || plainListener != null) {
        throw new IllegalStateException("restart needs a stopped server; call stop() first");
      }
    }
    bind(port(), certificate == null ? -1 : tlsPort());
  }

  /** Stops the server for good and waits briefly for its threads to end. */
  @Override
  public void close() {
    List<Thread> started;
    synchronized (lock) {
      closed = true;
      started = List.copyOf(threads);
    }
    stop();
    for (Thread thread : started) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void bind(int plainPort, int securePort) throws IOException {
    ServerSocket plain = listen(new ServerSocket(), plainPort);
    ServerSocket secure = null;
    if (securePort >= 0) {
      try {
        SSLServerSocket socket =
            (SSLServerSocket)
                certificate.serverContext().getServerSocketFactory().createServerSocket();
        secure = listen(socket, securePort);
      } catch (IOException e) {
        closeQuietly(plain);
        throw e;
      }
    }
    synchronized (lock) {
      plainListener = plain;
      tlsListener = secure;
      port = plain.getLocalPort();
      tlsPort = secure == null ? -1 : secure.getLocalPort();
    }
    Thread plainAcceptor =
        startThread("tck-scripted-accept-" + port, () -> acceptLoop(plain, false));
    synchronized (lock) {
      acceptThreads.add(plainAcceptor);
    }
    if (secure != null) {
      ServerSocket listener = secure;
      Thread tlsAcceptor =
          startThread("tck-scripted-accept-" + tlsPort, () -> acceptLoop(listener, true));
      synchronized (lock) {
        acceptThreads.add(tlsAcceptor);
      }
    }
  }

  private static ServerSocket listen(ServerSocket socket, int port) throws IOException {
    try {
      socket.setReuseAddress(true);
      socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private void acceptLoop(ServerSocket listener, boolean secure) {
    while (true) {
      Socket socket;
      try {
        socket = listener.accept();
        socket.setTcpNoDelay(true);
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
        continue;
      }
      openSockets.incrementAndGet();
      ServerConnection connection =
          new ServerConnection(this, socket, secure, nextId.incrementAndGet());
      synchronized (lock) {
        connections.add(connection);
        if (socket instanceof SSLSocket tls) {
          tlsSockets.put(connection, tls);
        }
        lock.notifyAll();
      }
      startThread("tck-scripted-conn-" + connection.id(), connection::run);
    }
  }

  private Thread startThread(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    synchronized (lock) {
      threads.removeIf(t -> !t.isAlive());
      threads.add(thread);
    }
    thread.start();
    return thread;
  }

  private static void waitOn(Object monitor, long nanos) {
    try {
      monitor.wait(Math.max(1, nanos / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // The listener is unusable either way.
    }
  }

  @Override
  public String toString() {
    return "ScriptedServer[port=" + port() + ", tlsPort=" + tlsPort() + "]";
  }
}
