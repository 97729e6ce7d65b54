package io.partysocket.transport.okhttp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Objects;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An {@link SSLSocketFactory} that applies a request's {@link SSLParameters} to every socket it
 * creates, because OkHttp takes TLS settings only as a socket factory. OkHttp adds its ALPN
 * protocols on top and keeps the rest.
 *
 * <p>Thread-safe if the delegate is; the parameters must not be changed after construction.
 */
final class ConfiguredSslSocketFactory extends SSLSocketFactory {

  private final SSLSocketFactory delegate;
  private final SSLParameters parameters;

  ConfiguredSslSocketFactory(SSLSocketFactory delegate, SSLParameters parameters) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.parameters = Objects.requireNonNull(parameters, "parameters");
  }

  @Override
  public String[] getDefaultCipherSuites() {
    String[] configured = parameters.getCipherSuites();
    return configured != null ? configured.clone() : delegate.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    return configure(delegate.createSocket(socket, host, port, autoClose));
  }

  @Override
  public Socket createSocket() throws IOException {
    return configure(delegate.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return configure(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return configure(delegate.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return configure(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return configure(delegate.createSocket(address, port, localAddress, localPort));
  }

  private Socket configure(Socket socket) {
    if (socket instanceof SSLSocket) {
      ((SSLSocket) socket).setSSLParameters(parameters);
    }
    return socket;
  }
}
