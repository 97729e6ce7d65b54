package io.partysocket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.server.JettyServer;
import io.partysocket.tck.server.LocalhostCertificate;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture every group of TCK cases shares: a fresh factory and {@link ScriptedServer} per test,
 * servers started on demand, and helpers that connect, wait and clean up. After each test it aborts
 * what is still open and closes the factory and the servers. It fails the test if the scripted
 * server still has an open socket after the factory closed, or if a listener saw the listener
 * contract broken.
 *
 * <p>Not thread-safe: one test at a time.
 */
abstract class CaseSupport {

  /** The handshake deadline given to every request unless a case sets its own. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** The close timeout given to every request unless a case sets its own. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

  /** How long to wait for something that must happen. */
  static final Duration WAIT = Duration.ofSeconds(5);

  /** How long to watch for something that must not happen. */
  static final Duration QUIET = Duration.ofMillis(300);

  private final TransportTck owner;
  private final List<RecordingListener> listeners = Collections.synchronizedList(new ArrayList<>());
  private final List<WebSocketConnection> connections =
      Collections.synchronizedList(new ArrayList<>());
  private final List<AutoCloseable> closeables = new ArrayList<>();

  WebSocketFactory factory;
  ScriptedServer server;
  private ScriptedServer tlsServer;
  private JettyServer jetty;

  CaseSupport(TransportTck owner) {
    this.owner = owner;
  }

  @BeforeEach
  final void startFixture() throws IOException {
    factory = Objects.requireNonNull(owner.createFactory(), "createFactory() returned null");
    server = ScriptedServer.start();
  }

  @AfterEach
  final void stopFixture() throws Exception {
    try {
      List<WebSocketConnection> open;
      synchronized (connections) {
        open = List.copyOf(connections);
      }
      for (WebSocketConnection connection : open) {
        connection.abort();
      }
      factory.close();
      // A server connection that stopped reading cannot see the client's FIN or RST.
      server.connections().forEach(ServerConnection::resumeReading);
      server.awaitNoOpenSockets(WAIT);
    } finally {
      for (int i = closeables.size() - 1; i >= 0; i--) {
        closeables.get(i).close();
      }
      server.close();
      if (tlsServer != null) {
        tlsServer.close();
      }
      if (jetty != null) {
        jetty.close();
      }
    }
    List<RecordingListener> all;
    synchronized (listeners) {
      all = List.copyOf(listeners);
    }
    for (RecordingListener listener : all) {
      assertThat(listener.violations()).as("listener contract violations").isEmpty();
    }
  }

  /** Returns the capabilities the factory declares. */
  TransportCapabilities capabilities() {
    return factory.capabilities();
  }

  /** Skips the test, with a reason JUnit reports, unless the transport has the capability. */
  static void assumeCapability(boolean present, String name) {
    Assumptions.assumeTrue(present, "transport does not declare the capability " + name);
  }

  /** Returns a new listener that the fixture checks after the test. */
  RecordingListener listener() {
    RecordingListener listener = new RecordingListener();
    listeners.add(listener);
    return listener;
  }

  /** Returns a request builder with the TCK's short timeouts. */
  static ConnectRequest.Builder request(URI uri) {
    return ConnectRequest.builder(uri).connectTimeout(CONNECT_TIMEOUT).closeTimeout(CLOSE_TIMEOUT);
  }

  /** Calls {@code factory.connect} with the thread marked, so re-entrant callbacks are caught. */
  CompletionStage<WebSocketConnection> connect(ConnectRequest request, RecordingListener listener) {
    return connect(factory, request, listener);
  }

  CompletionStage<WebSocketConnection> connect(
      WebSocketFactory target, ConnectRequest request, RecordingListener listener) {
    CompletionStage<WebSocketConnection> stage =
        GuardedConnection.guard("connect", () -> target.connect(request, listener));
    stage.whenComplete(
        (connection, failure) -> {
          if (connection != null) {
            connections.add(connection);
          }
        });
    return stage;
  }

  /**
   * Connects and waits for the connection to open.
   *
   * @throws AssertionError if it does not open within {@link #WAIT}
   */
  GuardedConnection open(ConnectRequest request, RecordingListener listener) {
    return new GuardedConnection(await(connect(request, listener)));
  }

  /** Opens a connection to the scripted server and returns both ends. */
  Link openScripted(String pathAndQuery) {
    return openScripted(request(server.uri(pathAndQuery)).build());
  }

  /** Opens a connection with {@code request} (to the scripted server) and returns both ends. */
  Link openScripted(ConnectRequest request) {
    RecordingListener listener = listener();
    GuardedConnection connection = open(request, listener);
    return new Link(connection, listener, server.awaitConnection());
  }

  /**
   * One open connection: both of its ends.
   *
   * @param connection the client end, guarded
   * @param listener the client's listener
   * @param peer the scripted server's end
   */
  record Link(GuardedConnection connection, RecordingListener listener, ServerConnection peer) {}

  /** Returns the TLS-enabled scripted server, starting it on first use. */
  ScriptedServer tlsServer() throws IOException {
    if (tlsServer == null) {
      tlsServer = ScriptedServer.startWithTls(LocalhostCertificate.get());
    }
    return tlsServer;
  }

  /** Returns the Jetty server, starting it on first use. */
  JettyServer jetty() {
    if (jetty == null) {
      jetty = JettyServer.start();
    }
    return jetty;
  }

  /** Closes {@code closeable} after the test, before the servers. */
  <T extends AutoCloseable> T closeLater(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  /** Waits for a stage to complete normally and returns its value. */
  static <T> T await(CompletionStage<T> stage) {
    return await(stage, WAIT);
  }

  static <T> T await(CompletionStage<T> stage, Duration timeout) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("stage failed with " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("stage did not complete within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Waits for a stage to fail and returns the cause, unwrapped from {@link CompletionException}.
   *
   * @throws AssertionError if it completes normally or not within {@code timeout}
   */
  static Throwable awaitFailure(CompletionStage<?> stage, Duration timeout) {
    try {
      Object value = stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("stage completed normally with " + value + " but should fail");
    } catch (ExecutionException e) {
      return unwrap(e.getCause());
    } catch (CancellationException e) {
      return e;
    } catch (TimeoutException e) {
      throw new AssertionError("stage did not fail within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits for a connect stage to fail with {@link ConnectFailedException} and returns it. */
  static ConnectFailedException awaitConnectFailure(CompletionStage<?> stage) {
    Throwable failure = awaitFailure(stage, WAIT);
    assertThat(failure).as("connect failure").isInstanceOf(ConnectFailedException.class);
    return (ConnectFailedException) failure;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while (current instanceof CompletionException && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Returns a loopback port with nothing listening on it. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }

  /** Returns {@code length} reproducible pseudo-random bytes. */
  static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Returns milliseconds elapsed since {@code startNanos}. */
  static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /**
   * Waits until {@code condition} holds, checking every 10 ms.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code timeout}
   */
  static void awaitCondition(
      java.util.function.BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + " did not happen within " + timeout.toMillis() + " ms");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
