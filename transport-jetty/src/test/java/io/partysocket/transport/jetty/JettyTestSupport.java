package io.partysocket.transport.jetty;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh {@link JettyWebSocketFactory} and {@link ScriptedServer} per test, with helpers that
 * connect and wait. Both are closed after the test. Not thread-safe: one test at a time.
 */
abstract class JettyTestSupport {

  /** How long to wait for something that must happen. */
  static final Duration WAIT = Duration.ofSeconds(5);

  /** How long to watch for something that must not happen. */
  static final Duration QUIET = Duration.ofMillis(300);

  /** The close timeout of requests built with {@link #request}. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

  JettyWebSocketFactory factory;
  ScriptedServer server;

  @BeforeEach
  final void startFixture() throws IOException {
    factory = new JettyWebSocketFactory();
    server = ScriptedServer.start();
  }

  @AfterEach
  final void stopFixture() {
    try {
      factory.close();
    } finally {
      server.connections().forEach(ServerConnection::resumeReading);
      server.close();
    }
  }

  /** Returns a request builder with a 2 s connect timeout and a 1 s close timeout. */
  static ConnectRequest.Builder request(URI uri) {
    return ConnectRequest.builder(uri)
        .connectTimeout(Duration.ofSeconds(2))
        .closeTimeout(CLOSE_TIMEOUT);
  }

  /** Connects with {@link #factory} and waits for the connection to open. */
  WebSocketConnection open(ConnectRequest request, RecordingListener listener) {
    return open(factory, request, listener);
  }

  static WebSocketConnection open(
      WebSocketFactory target, ConnectRequest request, RecordingListener listener) {
    return await(target.connect(request, listener));
  }

  /** Waits for a stage to complete normally and returns its value. */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("stage failed with " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("stage did not complete within " + WAIT.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits for a stage to fail and returns the cause. */
  static Throwable awaitFailure(CompletionStage<?> stage) {
    try {
      Object value = stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("stage completed with " + value + " but should fail");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("stage did not fail within " + WAIT.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits for a connect stage to fail with {@link ConnectFailedException} and returns it. */
  static ConnectFailedException awaitConnectFailure(CompletionStage<?> stage) {
    Throwable failure = awaitFailure(stage);
    if (!(failure instanceof ConnectFailedException)) {
      throw new AssertionError("expected a ConnectFailedException but got " + failure, failure);
    }
    return (ConnectFailedException) failure;
  }

  /**
   * Waits until {@code condition} holds, checking every 10 ms.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@link #WAIT}
   */
  static void awaitCondition(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + " did not happen within " + WAIT.toMillis() + " ms");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  /** Returns milliseconds elapsed since {@code startNanos}. */
  static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
