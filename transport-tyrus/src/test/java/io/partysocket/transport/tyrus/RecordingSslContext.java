package io.partysocket.transport.tyrus;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/** An initialized context that records the engines it creates. Thread-safe. */
final class RecordingSslContext extends SSLContext {

  private final Spi spi;

  private RecordingSslContext(Spi spi, SSLContext delegate) {
    super(spi, delegate.getProvider(), delegate.getProtocol());
    this.spi = spi;
  }

  /** Returns a context that creates its engines with {@code delegate}. */
  static RecordingSslContext wrapping(SSLContext delegate) {
    return new RecordingSslContext(new Spi(delegate), delegate);
  }

  /** Returns the engines created so far. */
  List<SSLEngine> engines() {
    return List.copyOf(spi.engines);
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext delegate;
    private final List<SSLEngine> engines = new CopyOnWriteArrayList<>();

    Spi(SSLContext delegate) {
      this.delegate = delegate;
    }

    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) {
      throw new UnsupportedOperationException("already initialized");
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
      return record(delegate.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return record(delegate.createSSLEngine(host, port));
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
      return delegate.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate.getSupportedSSLParameters();
    }

    private SSLEngine record(SSLEngine engine) {
      engines.add(engine);
      return engine;
    }
  }
}
