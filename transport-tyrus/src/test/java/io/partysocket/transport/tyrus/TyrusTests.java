package io.partysocket.transport.tyrus;

import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Helpers of the transport's own tests. Stateless. */
final class TyrusTests {

  /** How long to wait for something that must happen. */
  static final Duration WAIT = Duration.ofSeconds(5);

  /** How long to watch for something that must not happen. */
  static final Duration QUIET = Duration.ofMillis(300);

  private TyrusTests() {}

  /** Returns a request builder with short timeouts: 2 s to connect, 1 s to close. */
  static ConnectRequest.Builder request(URI uri) {
    return ConnectRequest.builder(uri)
        .connectTimeout(Duration.ofSeconds(2))
        .closeTimeout(Duration.ofSeconds(1));
  }

  /** Connects and waits for the connection to open. */
  static WebSocketConnection open(
      WebSocketFactory factory, ConnectRequest request, ConnectionListener listener)
      throws Exception {
    return await(factory.connect(request, listener));
  }

  /** Waits for a stage to complete normally and returns its value. */
  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits for a stage to fail and returns the cause. */
  static Throwable awaitFailure(CompletionStage<?> stage) throws Exception {
    try {
      Object value = stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("stage completed normally with " + value + " but should fail");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("stage did not fail within " + WAIT.toMillis() + " ms", e);
    }
  }

  /** Waits until {@code condition} holds, checking every 10 ms, or fails naming {@code what}. */
  static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + " did not happen within " + WAIT.toMillis() + " ms");
      }
      Thread.sleep(10);
    }
  }

  /**
   * Returns whether {@code condition} stays true throughout {@code window}, checking every 10 ms.
   * Tests use it for things that must not happen.
   */
  static boolean staysTrue(BooleanSupplier condition, Duration window) throws InterruptedException {
    long deadline = System.nanoTime() + window.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!condition.getAsBoolean()) {
        return false;
      }
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }

  /** Returns the live threads whose names start with {@code prefix}. */
  static List<Thread> threadsNamed(String prefix) {
    List<Thread> threads = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && thread.getName().startsWith(prefix)) {
        threads.add(thread);
      }
    }
    return threads;
  }

  /** Returns the live threads that run a frame of a class whose name starts with {@code prefix}. */
  static List<Thread> threadsRunning(String classPrefix) {
    List<Thread> threads = new ArrayList<>();
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              for (StackTraceElement frame : stack) {
                if (frame.getClassName().startsWith(classPrefix)) {
                  threads.add(thread);
                  return;
                }
              }
            });
    return threads;
  }
}
