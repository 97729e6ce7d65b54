package io.partysocket.transport.jdk;

import java.io.InputStream;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material for the loopback tests: {@code localhost.p12}, a self-signed EC certificate whose
 * only subject alternative name is {@code DNS:localhost}, made with {@code keytool -genkeypair
 * -keyalg EC -ext SAN=DNS:localhost -validity 36500 -storetype PKCS12} (password {@code changeit}).
 */
final class TestTls {

  private static final char[] PASSWORD = "changeit".toCharArray();

  private TestTls() {}

  /** Returns a server context that presents the localhost certificate. */
  static SSLContext serverContext() throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore(), PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /** Returns a client context that trusts only the localhost certificate. */
  static SSLContext trustingClientContext() throws Exception {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keyStore());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static KeyStore keyStore() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = TestTls.class.getResourceAsStream("/localhost.p12")) {
      store.load(in, PASSWORD);
    }
    return store;
  }
}
