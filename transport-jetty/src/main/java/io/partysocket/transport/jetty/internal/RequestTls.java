package io.partysocket.transport.jetty.internal;

import io.partysocket.spi.ConnectRequest;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TLS setting of a connect request: its {@link SSLContext} and {@link SSLParameters}, compared
 * by identity because neither type defines {@code equals}. Jetty applies TLS settings per {@code
 * HttpClient}, so each distinct setting gets a client of its own.
 *
 * <p>Immutable. The two objects are the request's own, shared and never changed.
 */
final class RequestTls {

  /** The algorithm that makes the JDK check the server's host name against its certificate. */
  static final String HOSTNAME_CHECK = "HTTPS";

  private final SSLContext context;
  private final SSLParameters parameters;

  private RequestTls(SSLContext context, SSLParameters parameters) {
    this.context = context;
    this.parameters = parameters;
  }

  /**
   * Returns the TLS setting of {@code request}, or {@code null} when it needs none of its own: a
   * {@code ws} request, or a {@code wss} request without a context or parameters.
   */
  static RequestTls of(ConnectRequest request) {
    if (!request.secure() || (request.sslContext() == null && request.sslParameters() == null)) {
      return null;
    }
    return new RequestTls(request.sslContext(), request.sslParameters());
  }

  /** Returns a new Jetty TLS configuration for this setting. */
  SslContextFactory.Client newSslContextFactory() {
    SslContextFactory.Client factory = new ParameterizedClient(parameters);
    // Jetty's client factory already defaults to HTTPS; set here so that the check never depends
    // on that default.
    factory.setEndpointIdentificationAlgorithm(HOSTNAME_CHECK);
    if (context != null) {
      factory.setSslContext(context);
    }
    return factory;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof RequestTls)) {
      return false;
    }
    RequestTls that = (RequestTls) other;
    return context == that.context && parameters == that.parameters;
  }

  @Override
  public int hashCode() {
    return 31 * System.identityHashCode(context) + System.identityHashCode(parameters);
  }

  /**
   * A Jetty client TLS configuration that applies the request's {@link SSLParameters} to each
   * engine after Jetty's own settings. {@code SSLEngine.setSSLParameters} leaves the engine's value
   * for every field that is {@code null} in the parameters (observed on JDK 17), the endpoint
   * identification algorithm included, so host names stay checked with {@value #HOSTNAME_CHECK}
   * unless the parameters name another algorithm.
   */
  private static final class ParameterizedClient extends SslContextFactory.Client {
    private final SSLParameters parameters;

    ParameterizedClient(SSLParameters parameters) {
      this.parameters = parameters;
    }

    @Override
    public void customize(SSLEngine engine) {
      super.customize(engine);
      if (parameters == null) {
        return;
      }
      engine.setSSLParameters(parameters);
    }
  }
}
