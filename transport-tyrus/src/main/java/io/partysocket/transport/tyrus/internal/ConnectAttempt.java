package io.partysocket.transport.tyrus.internal;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.support.OneShotTimer;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.UpgradeResponse;

/**
 * The opening handshake of one {@link TyrusConnection} through Tyrus: hands the connect to Tyrus,
 * enforces the request's deadline, records the handshake response before Tyrus processes it (its
 * status and headers for a rejection, the subprotocol and extension checks for a 101), and turns
 * Tyrus's failures into {@link ConnectFailedException}s.
 *
 * <p>Tyrus runs each connect on a thread of the manager's executor that waits for the handshake;
 * when the attempt ends early (deadline, cancel, factory close) {@link #release} counts down what
 * that thread waits on. The connection decides whether the attempt is still running; this class
 * reports to it through {@link TyrusConnection#failAttempt}.
 *
 * <p>Thread-safe.
 */
final class ConnectAttempt {

  private static final System.Logger LOG = System.getLogger(ConnectAttempt.class.getName());

  /** How often a connect is handed to Tyrus when its executor is being shut down. */
  private static final int MAX_SUBMIT_ATTEMPTS = 8;

  private final TyrusConnection connection;
  private final ConnectRequest request;
  private final Executor executor;
  private final SocketCloser socket;
  private final Object lock = new Object();

  /** Guarded by {@link #lock}. */
  private OneShotTimer deadline;

  /** Tyrus's engine, to release the thread waiting for the handshake. Guarded by {@link #lock}. */
  private ClientEngine engine;

  /** The handshake response's status, or -1. Guarded by {@link #lock}. */
  private int responseStatus = -1;

  /** Guarded by {@link #lock}. */
  private Map<String, List<String>> responseHeaders = Map.of();

  ConnectAttempt(
      TyrusConnection connection, ConnectRequest request, Executor executor, SocketCloser socket) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.request = Objects.requireNonNull(request, "request");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.socket = Objects.requireNonNull(socket, "socket");
  }

  /** Arms the deadline and hands the connect of {@code endpoint} to {@code manager}. */
  void start(ClientManager manager, Endpoint endpoint, ClientEndpointConfig config) {
    OneShotTimer timer = OneShotTimer.start(request.connectTimeout(), executor, this::timedOut);
    synchronized (lock) {
      deadline = timer;
    }
    submit(manager, endpoint, config, 1);
  }

  /** Stops the deadline; the attempt opened or ended. */
  void stopDeadline() {
    OneShotTimer timer;
    synchronized (lock) {
      timer = deadline;
    }
    if (timer != null) {
      timer.cancel();
    }
  }

  /**
   * Hands the connect to Tyrus. Tyrus shuts its manager's executor down whenever its count of
   * active connections drops to zero, and a connect that starts at that moment can get the executor
   * being shut down (a {@link RejectedExecutionException}) or, from the same race, none (a {@link
   * NullPointerException} inside Tyrus). Nothing was started then, so the connect is handed over
   * again after a short delay that doubles each time, within the connect deadline.
   */
  private void submit(
      ClientManager manager, Endpoint endpoint, ClientEndpointConfig config, int attempt) {
    if (!connection.attemptLive()) {
      return;
    }
    try {
      watch(manager.asyncConnectToServer(endpoint, config, request.uri()));
    } catch (RejectedExecutionException | NullPointerException e) {
      if (attempt == MAX_SUBMIT_ATTEMPTS) {
        failed(e);
        return;
      }
      LOG.log(Level.DEBUG, "Tyrus's executor was shut down under a connect; submitting again", e);
      Duration delay = Duration.ofMillis(1L << (attempt - 1));
      OneShotTimer.start(delay, executor, () -> submit(manager, endpoint, config, attempt + 1));
    } catch (DeploymentException | RuntimeException e) {
      failed(e);
    }
  }

  /**
   * Follows Tyrus's connect future. In Tyrus 2.2 it is a {@link java.util.concurrent
   * .CompletableFuture}; for any other future a pool thread waits for it, which the deadline
   * bounds.
   */
  private void watch(Future<Session> handshake) {
    if (handshake instanceof CompletionStage) {
      @SuppressWarnings("unchecked")
      CompletionStage<Session> stage = (CompletionStage<Session>) handshake;
      stage.whenComplete(
          (ignored, failure) -> {
            if (failure != null) {
              failed(failure);
            }
          });
      return;
    }
    executor.execute(
        () -> {
          try {
            handshake.get();
          } catch (ExecutionException e) {
            failed(e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(e);
          }
        });
  }

  /**
   * Records Tyrus's engine and the socket's close handle; called on the Tyrus thread that opens the
   * socket, before it opens it.
   *
   * @throws IllegalStateException when the attempt already ended, so that no socket is opened
   */
  void handshakeStarted(ClientEngine tyrusEngine, ClientEngine.TimeoutHandler closer) {
    if (!connection.attemptLive()) {
      throw new IllegalStateException("The connect attempt ended before its handshake started");
    }
    synchronized (lock) {
      engine = tyrusEngine;
    }
    socket.transportCloser(closer);
  }

  /**
   * Handles the end of Tyrus's socket setup (TCP and TLS). If the attempt ended meanwhile, the
   * handles recorded since then may have come too late: the socket is closed and Tyrus released
   * again.
   */
  void socketOpened() {
    if (connection.hasEnded()) {
      socket.close();
      release(new IllegalStateException("The connect attempt ended while the socket was opened"));
    }
  }

  /**
   * Records the handshake response before Tyrus processes it, and checks a 101 against RFC 6455.
   *
   * @return whether Tyrus may process it; false when the attempt ended or the response broke the
   *     protocol, in which case the attempt failed
   */
  boolean responseReceived(UpgradeResponse response) {
    int status = response.getStatus();
    Map<String, List<String>> headers = TyrusHandshakes.copyOf(response.getHeaders());
    synchronized (lock) {
      responseStatus = status;
      responseHeaders = headers;
    }
    if (!connection.attemptLive()) {
      return false;
    }
    if (status != 101) {
      return true;
    }
    try {
      connection.subprotocolSelected(TyrusHandshakes.selectedSubprotocol(request, headers));
      return true;
    } catch (ConnectFailedException e) {
      connection.failAttempt(e);
      return false;
    }
  }

  /**
   * Counts down what Tyrus's connect thread waits on, so that it returns; has no effect once the
   * upgrade succeeded or before the handshake started.
   */
  void release(Throwable reason) {
    ClientEngine tyrusEngine;
    synchronized (lock) {
      tyrusEngine = engine;
    }
    if (tyrusEngine == null) {
      return;
    }
    try {
      tyrusEngine.processError(reason);
    } catch (RuntimeException e) {
      // Tyrus rejects the call once the upgrade succeeded.
      LOG.log(Level.DEBUG, "Tyrus did not take the connect failure", e);
    }
  }

  private void failed(Throwable failure) {
    int status;
    Map<String, List<String>> headers;
    synchronized (lock) {
      status = responseStatus;
      headers = responseHeaders;
    }
    connection.failAttempt(TyrusConnectFailures.map(failure, request, status, headers));
  }

  private void timedOut() {
    connection.failAttempt(
        new ConnectFailedException(
            Kind.HANDSHAKE_TIMEOUT,
            "WebSocket handshake with "
                + request.redactedUri()
                + " timed out after "
                + request.connectTimeout(),
            new TimeoutException("The handshake did not finish in time")));
  }
}
