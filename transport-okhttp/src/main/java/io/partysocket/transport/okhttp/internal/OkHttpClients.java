package io.partysocket.transport.okhttp.internal;

import io.partysocket.spi.ConnectRequest;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * The OkHttp resources of one factory: a base client (the application's, or one built here), a
 * {@link Dispatcher} used only for WebSockets, and the pool of daemon threads behind that
 * dispatcher, which also runs listener calls and timer actions.
 *
 * <p>Each connect gets its own client from {@code base.newBuilder()}, which shares the base
 * client's connection pool, task runner, proxy and authenticator settings and costs little. The
 * derived client replaces the dispatcher, because an open WebSocket stays a running call of its
 * dispatcher until it ends and {@link Dispatcher#getMaxRequests()} (64 by default) would hold the
 * 65th open WebSocket in the dispatcher's queue indefinitely; this dispatcher has no such cap.
 *
 * <p>Thread-safe.
 */
public final class OkHttpClients {

  /** How long an idle pool thread lives, in seconds. */
  private static final long KEEP_ALIVE_SECONDS = 30;

  /** How much longer OkHttp's own close timeout is than the transport's, as a backstop. */
  private static final Duration CLOSE_TIMEOUT_MARGIN = Duration.ofSeconds(1);

  /** Uses the TLS versions and cipher suites enabled on the socket, after SSLParameters. */
  private static final ConnectionSpec TLS_AS_CONFIGURED =
      new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS)
          .allEnabledTlsVersions()
          .allEnabledCipherSuites()
          .build();

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private final OkHttpClient base;
  private final boolean ownsBase;
  private final ExecutorService executor;
  private final Dispatcher dispatcher;

  /** The JVM's default trust manager, created on first use. Guarded by {@code this}. */
  private X509TrustManager defaultTrustManager;

  /**
   * Creates the resources: a thread pool, a dispatcher on it and, without an application client, a
   * base client.
   *
   * @param applicationClient the application's client, or {@code null} to build one
   */
  public OkHttpClients(OkHttpClient applicationClient) {
    this.executor = newDaemonPool();
    this.dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    this.ownsBase = applicationClient == null;
    this.base =
        applicationClient != null
            ? applicationClient
            : new OkHttpClient.Builder().dispatcher(dispatcher).build();
  }

  /** Returns the pool that runs the WebSocket calls, listener calls and timer actions. */
  public ExecutorService executor() {
    return executor;
  }

  /**
   * Returns the client for one connect: no redirects and no silent retries, the handshake deadline
   * as OkHttp's call timeout, the heartbeat interval as OkHttp's ping interval, and the request's
   * TLS settings.
   *
   * @param request the connect request
   * @param interceptor the connect's {@link UpgradeInterceptor}
   */
  OkHttpClient clientFor(ConnectRequest request, Interceptor interceptor) {
    OkHttpClient.Builder builder =
        base.newBuilder()
            .dispatcher(dispatcher)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .callTimeout(millis(request.connectTimeout()), TimeUnit.MILLISECONDS)
            .connectTimeout(millis(request.connectTimeout()), TimeUnit.MILLISECONDS)
            .pingInterval(millis(request.heartbeatInterval()), TimeUnit.MILLISECONDS)
            .webSocketCloseTimeout(
                millis(request.closeTimeout().plus(CLOSE_TIMEOUT_MARGIN)), TimeUnit.MILLISECONDS)
            .addInterceptor(interceptor);
    if (request.secure()) {
      applyTls(builder, request);
    }
    return builder.build();
  }

  private void applyTls(OkHttpClient.Builder builder, ConnectRequest request) {
    SSLContext context = request.sslContext();
    SSLParameters parameters = request.sslParameters();
    if (context == null && parameters == null) {
      return;
    }
    SSLSocketFactory sockets =
        context != null ? context.getSocketFactory() : defaultContext().getSocketFactory();
    if (parameters != null) {
      sockets = new ConfiguredSslSocketFactory(sockets, parameters);
      builder.connectionSpecs(List.of(TLS_AS_CONFIGURED, ConnectionSpec.CLEARTEXT));
    }
    // OkHttp requires a trust manager beside the socket factory, but uses it only to clean
    // certificate chains for certificate pinning. The handshake trusts what the SSLContext trusts.
    builder.sslSocketFactory(sockets, trustManagerForPinning());
  }

  private X509TrustManager trustManagerForPinning() {
    X509TrustManager baseTrust = base.x509TrustManager();
    return baseTrust != null ? baseTrust : jvmDefaultTrustManager();
  }

  private synchronized X509TrustManager jvmDefaultTrustManager() {
    if (defaultTrustManager == null) {
      try {
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
          if (manager instanceof X509TrustManager) {
            defaultTrustManager = (X509TrustManager) manager;
            break;
          }
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("The JVM's default trust manager is not available", e);
      }
      if (defaultTrustManager == null) {
        throw new IllegalStateException("The JVM's default trust manager is not an X509 one");
      }
    }
    return defaultTrustManager;
  }

  private static SSLContext defaultContext() {
    try {
      return SSLContext.getDefault();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JVM's default SSLContext is not available", e);
    }
  }

  /**
   * Cancels the calls of the dispatcher and stops the pool once its queued tasks ran; evicts the
   * connection pool of a client built here. An application client and its pool keep running.
   */
  public void shutdown() {
    dispatcher.cancelAll();
    executor.shutdown();
    if (ownsBase) {
      base.connectionPool().evictAll();
    }
  }

  /** Returns {@code duration} in milliseconds within OkHttp's range: 0, or 1 to 2^31 - 1. */
  static long millis(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return 0;
    }
    if (duration.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) >= 0) {
      return Integer.MAX_VALUE;
    }
    return Math.max(1, duration.toMillis());
  }

  /**
   * Returns a cached pool of daemon threads named {@code partysocket-okhttp-P-N}. It grows with the
   * work, because every open WebSocket keeps one thread reading; idle threads end after 30 seconds.
   */
  private static ExecutorService newDaemonPool() {
    int pool = POOL_NUMBER.incrementAndGet();
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadFactory threads =
        task -> {
          Thread thread =
              new Thread(task, "partysocket-okhttp-" + pool + "-" + threadNumber.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        KEEP_ALIVE_SECONDS,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        threads);
  }
}
