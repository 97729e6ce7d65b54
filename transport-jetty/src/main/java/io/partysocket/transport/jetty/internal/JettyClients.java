package io.partysocket.transport.jetty.internal;

import io.partysocket.spi.ConnectRequest;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.DuplexConnectionPool;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The Jetty clients of one factory, and the threads of the ones it creates.
 *
 * <p>Requests without TLS settings of their own use the default client: the application's {@link
 * WebSocketClient}, a {@link WebSocketClient} over the application's {@link HttpClient}, or a
 * client pair this class creates. Jetty applies TLS settings per {@link HttpClient}, so each
 * distinct {@link RequestTls} gets a client pair of its own, cached, at most {@value
 * #MAX_TLS_CLIENTS} of them. When the cache is full the least recently used pair is dropped and
 * stopped once its last connection has ended.
 *
 * <p>The clients this class creates share one daemon {@link QueuedThreadPool} named {@code
 * partysocket-jetty-P-N} and one daemon scheduler, follow no redirects, keep no cookies, and are
 * stopped by {@link #close()}. An application client that is not started at the first connect is
 * started then; it is never stopped here.
 *
 * <p>Thread-safe: the mutable fields are guarded by {@code this}.
 */
public final class JettyClients {

  private static final System.Logger LOG = System.getLogger(JettyClients.class.getName());

  /** The largest number of per-TLS-setting client pairs kept. */
  static final int MAX_TLS_CLIENTS = 16;

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private final WebSocketClient applicationClient;
  private final HttpClient applicationHttpClient;
  private final String poolName = "partysocket-jetty-" + POOL_NUMBER.incrementAndGet();

  /** Created with the first client this class builds. Guarded by {@code this}. */
  private QueuedThreadPool threadPool;

  /** Created with {@link #threadPool}. Guarded by {@code this}. */
  private ScheduledExecutorScheduler scheduler;

  /** The client for requests without TLS settings. Guarded by {@code this}. */
  private Entry defaultEntry;

  /** Client pairs per TLS setting, least recently used first. Guarded by {@code this}. */
  private final Map<RequestTls, Entry> tlsEntries = new LinkedHashMap<>(16, 0.75f, true);

  /** Dropped client pairs that still have connections. Guarded by {@code this}. */
  private final List<Entry> retired = new ArrayList<>();

  /** Guarded by {@code this}. */
  private boolean closed;

  /**
   * Creates the client set; nothing starts before the first {@link #acquire}.
   *
   * @param applicationClient the application's WebSocket client, or {@code null}
   * @param applicationHttpClient the application's HTTP client, or {@code null}; ignored when
   *     {@code applicationClient} is given
   */
  public JettyClients(WebSocketClient applicationClient, HttpClient applicationHttpClient) {
    this.applicationClient = applicationClient;
    this.applicationHttpClient = applicationHttpClient;
  }

  /**
   * Returns the client to open {@code request} with, starting what it needs, and counts the
   * connection until {@link Lease#release()}.
   *
   * @throws Exception when a Jetty client fails to start
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized Lease acquire(ConnectRequest request) throws Exception {
    if (closed) {
      throw new IllegalStateException("The Jetty clients are stopped; create a new factory");
    }
    RequestTls tls = RequestTls.of(request);
    Entry entry = tls == null ? defaultEntry() : tlsEntry(tls);
    entry.live++;
    return new Lease(entry);
  }

  /** Returns the number of per-TLS-setting client pairs cached; for tests. */
  public synchronized int tlsClientCount() {
    return tlsEntries.size();
  }

  /** Returns the number of dropped client pairs still waiting for their last connection. */
  public synchronized int retiredClientCount() {
    return retired.size();
  }

  /**
   * Stops every client and thread this class created. Clients of the application keep running.
   * Called on a thread of the shared pool or scheduler, it stops them on a new thread, so that no
   * Jetty component waits for the thread it runs on to finish a stop task.
   */
  public void close() {
    List<LifeCycle> owned = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      List<Entry> entries = new ArrayList<>(retired);
      entries.addAll(tlsEntries.values());
      if (defaultEntry != null) {
        entries.add(defaultEntry);
      }
      for (Entry entry : entries) {
        owned.addAll(entry.ownedParts());
      }
      if (scheduler != null) {
        owned.add(scheduler);
        owned.add(threadPool);
      }
      tlsEntries.clear();
      retired.clear();
    }
    if (isPoolThread(Thread.currentThread())) {
      stopLater(owned);
    } else {
      stopAll(owned);
    }
  }

  @Override
  public String toString() {
    return "JettyClients["
        + (applicationClient != null
            ? "application WebSocketClient"
            : applicationHttpClient != null ? "application HttpClient" : "own clients")
        + "]";
  }

  private Entry defaultEntry() throws Exception {
    if (defaultEntry != null) {
      return defaultEntry;
    }
    if (applicationClient != null) {
      startIfNew(applicationClient);
      defaultEntry = new Entry(applicationClient, false, null);
    } else if (applicationHttpClient != null) {
      startIfNew(applicationHttpClient);
      defaultEntry = new Entry(startWebSocketClient(applicationHttpClient), true, null);
    } else {
      HttpClient http = startHttpClient(null);
      defaultEntry = new Entry(startWebSocketClient(http), true, http);
    }
    return defaultEntry;
  }

  private Entry tlsEntry(RequestTls tls) throws Exception {
    Entry entry = tlsEntries.get(tls);
    if (entry != null) {
      return entry;
    }
    HttpClient http = startHttpClient(tls.newSslContextFactory());
    entry = new Entry(startWebSocketClient(http), true, http);
    tlsEntries.put(tls, entry);
    if (tlsEntries.size() > MAX_TLS_CLIENTS) {
      Iterator<Entry> eldest = tlsEntries.values().iterator();
      Entry dropped = eldest.next();
      eldest.remove();
      retire(dropped);
    }
    return entry;
  }

  private void retire(Entry entry) {
    if (entry.live == 0) {
      stopLater(entry.ownedParts());
    } else {
      entry.retired = true;
      retired.add(entry);
    }
  }

  private synchronized void release(Entry entry) {
    entry.live--;
    if (entry.retired && entry.live == 0 && retired.remove(entry)) {
      stopLater(entry.ownedParts());
    }
  }

  /** Starts a client of the application once, if it was never started; never stops it. */
  private static void startIfNew(LifeCycle client) throws Exception {
    if (client.isStopped()) {
      LOG.log(Level.DEBUG, "Starting the application''s {0}", client.getClass().getSimpleName());
      client.start();
    }
  }

  private HttpClient startHttpClient(SslContextFactory.Client tls) throws Exception {
    startThreads();
    HttpClient http = new HttpClient();
    http.setName(poolName + "-http");
    http.setExecutor(threadPool);
    http.setScheduler(scheduler);
    http.setFollowRedirects(false);
    http.setHttpCookieStore(new HttpCookieStore.Empty());
    int maxConnections = http.getMaxConnectionsPerDestination();
    http.getHttpClientTransport()
        .setConnectionPoolFactory(destination -> new ExactDemandPool(destination, maxConnections));
    HttpClient template = applicationHttpClient();
    if (template != null) {
      http.setConnectTimeout(template.getConnectTimeout());
    }
    if (tls != null) {
      http.setSslContextFactory(tls);
    }
    http.start();
    return http;
  }

  private HttpClient applicationHttpClient() {
    return applicationClient != null ? applicationClient.getHttpClient() : applicationHttpClient;
  }

  /**
   * Starts a WebSocket client over a running HTTP client; Jetty then leaves the HTTP client running
   * when the WebSocket client stops.
   */
  private static WebSocketClient startWebSocketClient(HttpClient http) throws Exception {
    WebSocketClient client = new WebSocketClient(http);
    // The factory aborts its connections before stopping clients; there is nothing to wait for.
    client.setStopTimeout(0);
    client.start();
    return client;
  }

  private void startThreads() throws Exception {
    if (threadPool != null) {
      return;
    }
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName(poolName);
    pool.setDaemon(true);
    ScheduledExecutorScheduler timers =
        new ScheduledExecutorScheduler(poolName + "-scheduler", true);
    pool.start();
    timers.start();
    threadPool = pool;
    scheduler = timers;
  }

  private boolean isPoolThread(Thread thread) {
    return thread.getName().startsWith(poolName + "-");
  }

  private void stopLater(List<LifeCycle> parts) {
    Thread stopper = new Thread(() -> stopAll(parts), poolName + "-stop");
    stopper.setDaemon(true);
    stopper.start();
  }

  private static void stopAll(List<LifeCycle> parts) {
    for (LifeCycle part : parts) {
      try {
        part.stop();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "Failed to stop " + part.getClass().getSimpleName(), e);
      }
    }
  }

  /**
   * Jetty's default connection pool, except that it opens a TCP connection only for a queued
   * request that no pending connection will serve. When a connection that Jetty opened is taken by
   * another request, Jetty's pool counts the waiting request twice and opens one connection more
   * than needed. That spare connection to the WebSocket server then sits idle until Jetty's idle
   * timeout.
   *
   * <p>NOTE: a spare can still open during a burst: a build saw one in 100 concurrent connects. The
   * likely cause, not confirmed, is a connection that becomes usable while another request is being
   * queued.
   */
  private static final class ExactDemandPool extends DuplexConnectionPool {
    ExactDemandPool(Destination destination, int maxConnections) {
      super(destination, maxConnections);
    }

    @Override
    protected void tryCreate(boolean create) {
      super.tryCreate(false);
    }
  }

  /** One client pair and the connections that use it. */
  private static final class Entry {
    final WebSocketClient client;
    final boolean ownsClient;
    final HttpClient ownedHttpClient;

    /** Connections not released yet. Guarded by the enclosing {@link JettyClients}. */
    int live;

    /** Whether the cache dropped this pair. Guarded by the enclosing {@link JettyClients}. */
    boolean retired;

    Entry(WebSocketClient client, boolean ownsClient, HttpClient ownedHttpClient) {
      this.client = client;
      this.ownsClient = ownsClient;
      this.ownedHttpClient = ownedHttpClient;
    }

    /** Returns the parts this factory created, in the order to stop them. */
    List<LifeCycle> ownedParts() {
      List<LifeCycle> parts = new ArrayList<>(2);
      if (ownsClient) {
        parts.add(client);
      }
      if (ownedHttpClient != null) {
        parts.add(ownedHttpClient);
      }
      return parts;
    }
  }

  /** The client of one connection, counted until released. Thread-safe. */
  public final class Lease {
    private final Entry entry;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(Entry entry) {
      this.entry = entry;
    }

    /** Returns the client to connect with. */
    public WebSocketClient client() {
      return entry.client;
    }

    /** Stops counting the connection; calling it again has no effect. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        JettyClients.this.release(entry);
      }
    }
  }
}
