package io.partysocket.tck.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate whose only subject alternative name is {@code DNS:localhost}, made once
 * per JVM by running the JDK's {@code keytool} from {@code java.home}; nothing is downloaded.
 * Connecting to {@code 127.0.0.1} with it must fail hostname verification, because it has no IP
 * address entry. Immutable and thread-safe.
 */
public final class LocalhostCertificate {

  private static final char[] PASSWORD = "partysocket-tck".toCharArray();
  private static final String ALIAS = "localhost";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private final KeyStore keyStore;
  private final X509Certificate certificate;

  private LocalhostCertificate(KeyStore keyStore) throws GeneralSecurityException {
    this.keyStore = keyStore;
    this.certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
  }

  /**
   * Returns the certificate of this JVM, making it on the first call.
   *
   * @throws IllegalStateException if {@code keytool} is missing or fails
   */
  public static LocalhostCertificate get() {
    return Holder.INSTANCE;
  }

  /** Returns the certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Returns a new server-side context that presents the certificate. */
  public SSLContext serverContext() {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the server TLS context", e);
    }
  }

  /** Returns a new client-side context that trusts this certificate and nothing else. */
  public SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry(ALIAS, certificate);
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the client TLS context", e);
    }
  }

  private static LocalhostCertificate generate() {
    Path directory = null;
    try {
      directory = Files.createTempDirectory("partysocket-tck-tls");
      Path store = directory.resolve("localhost.p12");
      runKeytool(store);
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keyStore.load(in, PASSWORD);
      }
      return new LocalhostCertificate(keyStore);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the localhost test certificate", e);
    } finally {
      deleteQuietly(directory);
    }
  }

  private static void runKeytool(Path store) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new IllegalStateException(
          "keytool not found at " + keytool + "; run the TCK on a full JDK, not a trimmed runtime");
    }
    List<String> command =
        List.of(
            keytool.toString(),
            "-genkeypair",
            "-alias",
            ALIAS,
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=dns:localhost",
            "-validity",
            "7",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass",
            new String(PASSWORD),
            "-keypass",
            new String(PASSWORD));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("keytool did not finish within 60 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool failed with exit code "
                + process.exitValue()
                + ": "
                + new String(output, StandardCharsets.UTF_8).trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    } finally {
      process.destroy();
    }
  }

  private static void deleteQuietly(Path directory) {
    if (directory == null) {
      return;
    }
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // A leftover file in the temporary directory is harmless.
    }
  }

  private static final class Holder {
    static final LocalhostCertificate INSTANCE = generate();
  }
}
