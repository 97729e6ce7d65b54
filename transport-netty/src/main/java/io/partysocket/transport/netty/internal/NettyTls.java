package io.partysocket.transport.netty.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import io.partysocket.spi.ConnectRequest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Builds the {@link SslHandler} of a {@code wss} connection from the request's TLS settings.
 *
 * <p>The request's {@link SSLContext} (the JVM's default when it has none) is wrapped in a {@link
 * JdkSslContext} with that context's own default protocols and cipher suites, so the result matches
 * what the JDK's client would offer. The host and port go to {@code newHandler}, which gives the
 * engine the peer for hostname verification. A wrapped context leaves hostname verification off,
 * unlike contexts from Netty's {@code SslContextBuilder}, so this class turns it on ({@code HTTPS})
 * unless the request's {@link SSLParameters} name an algorithm of their own. It also sets the host
 * as the SNI server name unless those parameters name servers, because the engine sends none by
 * itself. Stateless.
 */
final class NettyTls {

  /**
   * The endpoint identification algorithm of RFC 2818: the host name must match the certificate.
   */
  private static final String HTTPS = "HTTPS";

  private NettyTls() {}

  /**
   * Returns a new TLS handler for one connection.
   *
   * @param request the request, for its {@link SSLContext} and {@link SSLParameters}
   * @param alloc the channel's allocator
   * @param host the host name or IP address literal to verify, without IPv6 brackets
   * @param port the server port
   * @throws NoSuchAlgorithmException when the request has no context and the JVM has no default
   */
  static SslHandler newHandler(
      ConnectRequest request, ByteBufAllocator alloc, String host, int port)
      throws NoSuchAlgorithmException {
    SSLContext context =
        request.sslContext() != null ? request.sslContext() : SSLContext.getDefault();
    SSLParameters defaults = context.getDefaultSSLParameters();
    SslContext wrapped =
        new JdkSslContext(
            context,
            true,
            Arrays.asList(defaults.getCipherSuites()),
            IdentityCipherSuiteFilter.INSTANCE,
            null,
            ClientAuth.NONE,
            defaults.getProtocols(),
            false);
    SslHandler handler = wrapped.newHandler(alloc, host, port);
    configure(handler.engine(), host, request.sslParameters());
    // The connect timeout covers the TLS handshake. Netty's own 10-second limit would report a slow
    // handshake as a TLS failure instead of a timeout.
    handler.setHandshakeTimeoutMillis(0);
    return handler;
  }

  /**
   * Applies the request's parameters, then makes sure the engine verifies the host name and sends
   * it as SNI, unless those parameters chose otherwise.
   */
  private static void configure(SSLEngine engine, String host, SSLParameters requested) {
    if (requested != null) {
      engine.setSSLParameters(requested);
    }
    SSLParameters parameters = engine.getSSLParameters();
    if (parameters.getEndpointIdentificationAlgorithm() == null) {
      parameters.setEndpointIdentificationAlgorithm(HTTPS);
    }
    // The JDK's SSLEngine sends no server name of its own, even when created with the host, and
    // servers that host many names (a CDN, for one) need it to pick the certificate. RFC 6066
    // allows host names only, no IP address literals.
    boolean ipLiteral = NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    if (parameters.getServerNames() == null && !ipLiteral) {
      try {
        parameters.setServerNames(List.of(new SNIHostName(host)));
      } catch (IllegalArgumentException notSniName) {
        // Such as a name with a character RFC 6066 does not allow: the handshake goes without SNI.
      }
    }
    engine.setSSLParameters(parameters);
  }
}
