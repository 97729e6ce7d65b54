package io.partysocket.transport.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the transport's own tests: a scripted server on 127.0.0.1, a factory, and
 * listeners whose contract violations fail the test. Subclasses may replace {@link #factory} in a
 * test; it is closed afterwards either way.
 */
abstract class OkHttpFixture {

  static final Duration WAIT = Duration.ofSeconds(5);
  static final Duration QUIET = Duration.ofMillis(300);

  private final List<RecordingListener> listeners = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  ScriptedServer server;
  OkHttpWebSocketFactory factory;

  @BeforeEach
  final void startFixture() throws IOException {
    server = ScriptedServer.start();
    factory = new OkHttpWebSocketFactory();
  }

  @AfterEach
  final void stopFixture() throws Exception {
    try {
      factory.close();
      for (int i = closeables.size() - 1; i >= 0; i--) {
        closeables.get(i).close();
      }
      server.connections().forEach(ServerConnection::resumeReading);
      server.awaitNoOpenSockets(WAIT);
    } finally {
      server.close();
    }
    for (RecordingListener listener : listeners) {
      assertThat(listener.violations()).as("listener contract violations").isEmpty();
    }
  }

  /** Returns a new listener whose violations fail the test. */
  RecordingListener listener() {
    RecordingListener listener = new RecordingListener();
    listeners.add(listener);
    return listener;
  }

  /** Closes {@code closeable} after the test, after the factory. */
  <T extends AutoCloseable> T closeLater(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  /** Returns a request builder with short timeouts. */
  static ConnectRequest.Builder request(URI uri) {
    return ConnectRequest.builder(uri)
        .connectTimeout(Duration.ofSeconds(2))
        .closeTimeout(Duration.ofSeconds(1));
  }

  /** Connects with {@link #factory} and waits for the connection to open. */
  WebSocketConnection open(ConnectRequest request, RecordingListener listener) {
    return await(factory.connect(request, listener));
  }

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

  /** Waits for {@code stage} to fail and returns the cause. */
  static Throwable awaitFailure(CompletionStage<?> stage) {
    try {
      Object value = stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("stage completed with " + value + " but should fail");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      return cause;
    } catch (TimeoutException e) {
      throw new AssertionError("stage did not fail within " + WAIT.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits for a connect to fail with {@link ConnectFailedException} and returns it. */
  static ConnectFailedException awaitConnectFailure(CompletionStage<?> stage) {
    Throwable failure = awaitFailure(stage);
    assertThat(failure).isInstanceOf(ConnectFailedException.class);
    return (ConnectFailedException) failure;
  }

  /** Returns milliseconds elapsed since {@code startNanos}. */
  static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
