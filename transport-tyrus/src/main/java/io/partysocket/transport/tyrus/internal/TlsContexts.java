package io.partysocket.transport.tyrus.internal;

import io.partysocket.spi.ConnectRequest;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Builds the per-connection {@link SSLContext} handed to Tyrus. Tyrus takes a context for each
 * connection but no {@link SSLParameters}, so the request's parameters travel inside a context that
 * reports them as its default parameters: Grizzly 4 reads a context's default parameters when Tyrus
 * configures the connection and applies them to the engine after creating it, replacing whatever
 * the engine had. Tyrus then turns on host name verification ("HTTPS"), so parameters cannot turn
 * it off. Stateless.
 */
final class TlsContexts {

  private TlsContexts() {}

  /**
   * Returns the context for a {@code wss} request: the request's own, or the JVM's default, with
   * the request's parameters applied when it has any.
   *
   * @throws NoSuchAlgorithmException if the JVM has no default context
   */
  static SSLContext contextFor(ConnectRequest request) throws NoSuchAlgorithmException {
    SSLContext context =
        request.sslContext() == null ? SSLContext.getDefault() : request.sslContext();
    SSLParameters parameters = request.sslParameters();
    if (parameters == null) {
      return context;
    }
    return new ParameterizedContext(context, parameters);
  }

  /** A context whose engines carry fixed parameters. */
  private static final class ParameterizedContext extends SSLContext {
    ParameterizedContext(SSLContext delegate, SSLParameters parameters) {
      super(
          new ParameterizedSpi(delegate, parameters),
          delegate.getProvider(),
          delegate.getProtocol());
    }
  }

  /** Delegates to an initialized context and applies the parameters to each new engine. */
  private static final class ParameterizedSpi extends SSLContextSpi {
    private final SSLContext delegate;
    private final SSLParameters parameters;

    ParameterizedSpi(SSLContext delegate, SSLParameters parameters) {
      this.delegate = delegate;
      this.parameters = parameters;
    }

    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
        throws KeyManagementException {
      throw new KeyManagementException("This context is already initialized");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return delegate.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return delegate.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return apply(delegate.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return apply(delegate.createSSLEngine(host, port));
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return copyOf(parameters);
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate.getSupportedSSLParameters();
    }

    private SSLEngine apply(SSLEngine engine) {
      engine.setSSLParameters(parameters);
      return engine;
    }
  }

  /** Returns a copy of {@code parameters}, so that Grizzly cannot change the request's. */
  static SSLParameters copyOf(SSLParameters parameters) {
    SSLParameters copy = new SSLParameters();
    copy.setCipherSuites(parameters.getCipherSuites());
    copy.setProtocols(parameters.getProtocols());
    if (parameters.getNeedClientAuth()) {
      copy.setNeedClientAuth(true);
    } else if (parameters.getWantClientAuth()) {
      copy.setWantClientAuth(true);
    }
    copy.setAlgorithmConstraints(parameters.getAlgorithmConstraints());
    copy.setEndpointIdentificationAlgorithm(parameters.getEndpointIdentificationAlgorithm());
    if (parameters.getServerNames() != null) {
      copy.setServerNames(parameters.getServerNames());
    }
    if (parameters.getSNIMatchers() != null) {
      copy.setSNIMatchers(parameters.getSNIMatchers());
    }
    copy.setUseCipherSuitesOrder(parameters.getUseCipherSuitesOrder());
    copy.setEnableRetransmissions(parameters.getEnableRetransmissions());
    copy.setMaximumPacketSize(parameters.getMaximumPacketSize());
    copy.setApplicationProtocols(parameters.getApplicationProtocols());
    return copy;
  }
}
