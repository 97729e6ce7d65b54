package io.partysocket.tck.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on 127.0.0.1 in front of a server on 127.0.0.1, that can cut, stall, delay or refuse
 * connections to simulate network faults. Each proxied connection uses four threads: a reader and a
 * writer per direction.
 *
 * <p>Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

  private static final int CHUNK_BYTES = 16 * 1024;
  private static final int QUEUED_CHUNKS = 16;

  private final int targetPort;
  private final Object lock = new Object();

  // Guarded by lock.
  private final List<Link> links = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private Thread acceptThread;
  private ServerSocket listener;
  private int port;
  private boolean paused;
  private long latencyNanos;
  private boolean closed;

  private FaultProxy(int targetPort) {
    this.targetPort = targetPort;
  }

  /**
   * Starts a proxy on an ephemeral port that forwards to {@code 127.0.0.1:targetPort}.
   *
   * @throws IllegalArgumentException if the port is not 1 to 65535
   */
  public static FaultProxy start(int targetPort) throws IOException {
    if (targetPort < 1 || targetPort > 65535) {
      throw new IllegalArgumentException("targetPort must be 1 to 65535 but was " + targetPort);
    }
    FaultProxy proxy = new FaultProxy(targetPort);
    proxy.listen(0);
    return proxy;
  }

  /** Returns the proxy's port. */
  public int port() {
    synchronized (lock) {
      return port;
    }
  }

  /** Returns {@code ws://127.0.0.1:port} followed by {@code pathAndQuery}. */
  public URI uri(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
  }

  /** Returns the number of proxied connections whose client side is still open. */
  public int openConnections() {
    synchronized (lock) {
      links.removeIf(Link::closed);
      return links.size();
    }
  }

  /**
   * Returns to normal: accepts new connections, forwards without delay, and delivers the bytes that
   * {@link #blackhole()} held back.
   */
  public void forward() throws IOException {
    boolean rebind;
    synchronized (lock) {
      paused = false;
      latencyNanos = 0;
      rebind = listener == null && !closed;
      lock.notifyAll();
    }
    if (rebind) {
      listen(port());
    }
  }

  /**
   * Stops forwarding in both directions while keeping every TCP connection open, as a dead network
   * path does. Bytes sent meanwhile stay in buffers and flow again after {@link #forward()}.
   */
  public void blackhole() {
    synchronized (lock) {
      paused = true;
    }
  }

  /** Delays every chunk of bytes by {@code latency} in each direction. */
  public void latency(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must be zero or positive but was " + latency);
    }
    synchronized (lock) {
      latencyNanos = latency.toNanos();
    }
  }

  /**
   * Closes the listening socket, so new connections are refused by the operating system; {@link
   * #forward()} listens again on the same port. Open connections are left alone.
   */
  public void refuse() {
    Thread acceptor;
    synchronized (lock) {
      closeQuietly(listener);
      listener = null;
      acceptor = acceptThread;
    }
    // The JDK releases a listening socket only after the thread blocked in accept() has left it.
    if (acceptor != null) {
      try {
        acceptor.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Resets every open connection on both sides (RST, through {@code SO_LINGER} 0). */
  public void resetAll() {
    for (Link link : snapshot()) {
      link.close(true);
    }
  }

  /** Closes every open connection on both sides with a FIN. */
  public void closeAll() {
    for (Link link : snapshot()) {
      link.close(false);
    }
  }

  /** Stops the proxy, closes its connections and waits briefly for its threads. */
  @Override
  public void close() {
    List<Thread> started;
    synchronized (lock) {
      closed = true;
      paused = false;
      closeQuietly(listener);
      listener = null;
      started = List.copyOf(threads);
      lock.notifyAll();
    }
    closeAll();
    for (Thread thread : started) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private List<Link> snapshot() {
    synchronized (lock) {
      return List.copyOf(links);
    }
  }

  private void listen(int requestedPort) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 100);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    synchronized (lock) {
      listener = socket;
      port = socket.getLocalPort();
    }
    Thread acceptor = startThread("tck-proxy-accept-" + port, () -> acceptLoop(socket));
    synchronized (lock) {
      acceptThread = acceptor;
    }
  }

  private void acceptLoop(ServerSocket socket) {
    while (true) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
      } catch (IOException e) {
        closeQuietly(upstream);
        reset(client);
        continue;
      }
      Link link = new Link(client, upstream);
      synchronized (lock) {
        links.add(link);
      }
      pipe(link, client, upstream, "up");
      pipe(link, upstream, client, "down");
    }
  }

  private void pipe(Link link, Socket from, Socket to, String direction) {
    BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    String name = "tck-proxy-" + from.getLocalPort() + "-" + direction;
    startThread(name + "-read", () -> readInto(link, from, chunks));
    startThread(name + "-write", () -> writeFrom(link, to, chunks));
  }

  private void readInto(Link link, Socket from, BlockingQueue<Chunk> chunks) {
    byte[] buffer = new byte[CHUNK_BYTES];
    try {
      InputStream in = from.getInputStream();
      while (true) {
        awaitForwarding();
        int read = in.read(buffer);
        Chunk chunk = read < 0 ? Chunk.END : new Chunk(Arrays.copyOf(buffer, read), dueTime());
        while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
          if (link.closed()) {
            return;
          }
        }
        if (read < 0) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // A failed read or write usually means one side reset, so pass the reset on.
      link.close(true);
    }
  }

  private void writeFrom(Link link, Socket to, BlockingQueue<Chunk> chunks) {
    try {
      OutputStream out = to.getOutputStream();
      while (!link.closed()) {
        Chunk chunk = chunks.poll(100, TimeUnit.MILLISECONDS);
        if (chunk == null) {
          continue;
        }
        if (chunk == Chunk.END) {
          to.shutdownOutput();
          link.halfClosed();
          return;
        }
        waitUntil(chunk.dueNanos());
        awaitForwarding();
        out.write(chunk.bytes());
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // A failed read or write usually means one side reset, so pass the reset on.
      link.close(true);
    }
  }

  private long dueTime() {
    synchronized (lock) {
      return System.nanoTime() + latencyNanos;
    }
  }

  private static void waitUntil(long dueNanos) {
    for (long left = dueNanos - System.nanoTime(); left > 0; left = dueNanos - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  private void awaitForwarding() throws InterruptedException {
    synchronized (lock) {
      while (paused && !closed) {
        lock.wait(100);
      }
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

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // Already closed.
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      // Unusable either way.
    }
  }

  /** Bytes read from one side, to be written to the other side no earlier than {@code dueNanos}. */
  private record Chunk(byte[] bytes, long dueNanos) {
    static final Chunk END = new Chunk(new byte[0], 0);
  }

  /** The two sockets of one proxied connection. */
  private static final class Link {
    private final Socket client;
    private final Socket upstream;

    // Guarded by this.
    private int halfCloses;
    private boolean closed;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    synchronized boolean closed() {
      return closed;
    }

    /** Records that one direction ended with a FIN; after both, the link is closed. */
    void halfClosed() {
      boolean both;
      synchronized (this) {
        both = ++halfCloses == 2;
      }
      if (both) {
        close(false);
      }
    }

    void close(boolean reset) {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      if (reset) {
        FaultProxy.reset(client);
        FaultProxy.reset(upstream);
      } else {
        closeQuietly(client);
        closeQuietly(upstream);
      }
    }
  }
}
