package io.partysocket.transport.jdk.internal;

import io.partysocket.spi.ConnectRequest;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The {@link HttpClient}s of one factory. A JDK client has one TLS setting for all its connections,
 * so a {@code wss} request with its own {@link SSLContext} or {@link SSLParameters} gets a client
 * made for that pair. Those clients are cached by the identity of the two objects, at most {@value
 * #MAX_TLS_CLIENTS} of them; the least recently used one is dropped first, and its open connections
 * keep working.
 *
 * <p>With an application client, requests without TLS settings use it as it is. A request with TLS
 * settings gets a client that copies the application client's executor, proxy, authenticator,
 * cookie handler, connect timeout, redirect policy and HTTP version, with the request's TLS
 * settings in place of the client's. Settings that {@link HttpClient} has no getter for (such as a
 * local address) are not copied.
 *
 * <p>Thread-safe.
 */
public final class JdkHttpClients {

  /** The largest number of per-TLS-setting clients kept. */
  static final int MAX_TLS_CLIENTS = 16;

  private final HttpClient applicationClient;
  private final Executor executor;

  /** Guarded by {@code this}. */
  private HttpClient defaultClient;

  /** Clients per TLS setting, in access order. Guarded by {@code this}. */
  private final Map<TlsSetting, HttpClient> tlsClients =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<TlsSetting, HttpClient> eldest) {
          return size() > MAX_TLS_CLIENTS;
        }
      };

  /**
   * Creates the client set.
   *
   * @param applicationClient the application's client, or {@code null} to build owned clients
   * @param executor the executor of owned clients
   */
  public JdkHttpClients(HttpClient applicationClient, Executor executor) {
    this.applicationClient = applicationClient;
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** Returns the client to open {@code request} with. */
  public synchronized HttpClient clientFor(ConnectRequest request) {
    boolean ownTls =
        request.secure() && (request.sslContext() != null || request.sslParameters() != null);
    if (!ownTls) {
      return applicationClient != null ? applicationClient : defaultClient();
    }
    TlsSetting setting = new TlsSetting(request.sslContext(), request.sslParameters());
    return tlsClients.computeIfAbsent(setting, this::buildTlsClient);
  }

  /** Returns the number of per-TLS-setting clients cached. */
  public synchronized int tlsClientCount() {
    return tlsClients.size();
  }

  private HttpClient defaultClient() {
    if (defaultClient == null) {
      defaultClient = ownedBuilder().build();
    }
    return defaultClient;
  }

  private HttpClient buildTlsClient(TlsSetting setting) {
    HttpClient.Builder builder =
        applicationClient != null ? copyOf(applicationClient) : ownedBuilder();
    if (setting.context != null) {
      builder.sslContext(setting.context);
    }
    if (setting.parameters != null) {
      builder.sslParameters(setting.parameters);
    }
    return builder.build();
  }

  private HttpClient.Builder ownedBuilder() {
    return HttpClient.newBuilder().executor(executor).followRedirects(HttpClient.Redirect.NEVER);
  }

  private HttpClient.Builder copyOf(HttpClient client) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .executor(client.executor().orElse(executor))
            .followRedirects(client.followRedirects())
            .version(client.version())
            .sslContext(client.sslContext())
            .sslParameters(client.sslParameters());
    client.proxy().ifPresent(builder::proxy);
    client.authenticator().ifPresent(builder::authenticator);
    client.cookieHandler().ifPresent(builder::cookieHandler);
    client.connectTimeout().ifPresent(builder::connectTimeout);
    return builder;
  }

  /** A TLS setting, compared by the identity of its objects (neither type defines equals). */
  private static final class TlsSetting {
    final SSLContext context;
    final SSLParameters parameters;

    TlsSetting(SSLContext context, SSLParameters parameters) {
      this.context = context;
      this.parameters = parameters;
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof TlsSetting)) {
        return false;
      }
      TlsSetting that = (TlsSetting) other;
      return context == that.context && parameters == that.parameters;
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(context) + System.identityHashCode(parameters);
    }
  }
}
