package io.partysocket.transport.tyrus;

import static io.partysocket.transport.tyrus.TyrusTests.QUIET;
import static io.partysocket.transport.tyrus.TyrusTests.WAIT;
import static io.partysocket.transport.tyrus.TyrusTests.await;
import static io.partysocket.transport.tyrus.TyrusTests.awaitCondition;
import static io.partysocket.transport.tyrus.TyrusTests.awaitFailure;
import static io.partysocket.transport.tyrus.TyrusTests.open;
import static io.partysocket.transport.tyrus.TyrusTests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connect attempts over Tyrus: deadlines, per-connection settings, failures and retries. */
class TyrusConnectTest {

  /** The class-name prefix of the Tyrus code that waits for a handshake. */
  private static final String TYRUS_CONNECT_CODE = "org.glassfish.tyrus.client.ClientManager";

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private ScriptedServer server;

  @BeforeEach
  void start() throws Exception {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    server.close();
  }

  private TyrusWebSocketFactory factory(TyrusWebSocketFactory factory) {
    closeables.add(factory);
    return factory;
  }

  @Test
  void handshakeTimeoutFreesSocketAndThread() throws Exception {
    TyrusWebSocketFactory factory = factory(new TyrusWebSocketFactory());
    server.enqueue(Handshake.stall());
    RecordingListener listener = new RecordingListener();

    CompletableFuture<WebSocketConnection> stage =
        factory
            .connect(
                request(server.uri("/stall")).connectTimeout(Duration.ofSeconds(1)).build(),
                listener)
            .toCompletableFuture();
    ServerConnection peer = server.awaitConnection();
    Throwable failure = awaitFailure(stage);

    assertThat(failure).isInstanceOf(ConnectFailedException.class);
    assertThat(((ConnectFailedException) failure).kind()).isEqualTo(Kind.HANDSHAKE_TIMEOUT);
    assertThat(peer.awaitTcpEnd(WAIT)).isNotNull();
    awaitCondition(
        () -> TyrusTests.threadsRunning(TYRUS_CONNECT_CODE).isEmpty(),
        "Tyrus's connect thread returning");
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void cancelFreesSocketAndThread() throws Exception {
    TyrusWebSocketFactory factory = factory(new TyrusWebSocketFactory());
    server.enqueue(Handshake.stall());
    RecordingListener listener = new RecordingListener();
    CompletableFuture<WebSocketConnection> stage =
        factory.connect(request(server.uri("/stall")).build(), listener).toCompletableFuture();
    ServerConnection peer = server.awaitConnection();

    stage.cancel(true);

    assertThat(peer.awaitTcpEnd(WAIT)).isNotNull();
    awaitCondition(
        () -> TyrusTests.threadsRunning(TYRUS_CONNECT_CODE).isEmpty(),
        "Tyrus's connect thread returning");
    assertThat(listener.arrivesWithin(RecordingListener.Event.class, 1, QUIET)).isFalse();
  }

  @Test
  void limitsStayPerConnection() throws Exception {
    TyrusWebSocketFactory factory = factory(new TyrusWebSocketFactory());
    int threads = 4;
    int perThread = 6;
    Map<RecordingListener, Long> limits = new ConcurrentHashMap<>();
    List<CompletableFuture<WebSocketConnection>> connects = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> connectors = new ArrayList<>();

    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                  RecordingListener listener = new RecordingListener();
                  long limit = i % 2 == 0 ? 1024 : 64 * 1024;
                  limits.put(listener, limit);
                  ConnectRequest request =
                      request(server.uri("/limit")).maxInboundMessageBytes(limit).build();
                  connects.add(factory.connect(request, listener).toCompletableFuture());
                }
              },
              "tck-connector-" + t);
      connectors.add(thread);
      thread.start();
    }
    start.countDown();
    for (Thread thread : connectors) {
      thread.join(WAIT.toMillis());
    }
    CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new))
        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    for (ServerConnection peer : server.connections()) {
      peer.sendBinary(new byte[2048]);
    }

    assertThat(limits).hasSize(threads * perThread);
    for (Map.Entry<RecordingListener, Long> entry : limits.entrySet()) {
      RecordingListener listener = entry.getKey();
      if (entry.getValue() < 2048) {
        assertThat(listener.awaitClosed(WAIT).code())
            .as("close code with a 1 KiB limit")
            .isEqualTo(1009);
      } else {
        assertThat(listener.awaitBinaries(1, WAIT).get(0))
            .as("message with a 64 KiB limit")
            .hasSize(2048);
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void sharedPropertiesUnchanged() throws Exception {
    TyrusWebSocketFactory factory = factory(new TyrusWebSocketFactory());
    open(factory, request(server.uri("/first")).build(), new RecordingListener());
    Map<String, Object> before = new HashMap<>(factory.clientManager().getProperties());

    open(
        factory,
        request(server.uri("/second"))
            .maxInboundMessageBytes(1024)
            .connectTimeout(Duration.ofSeconds(3))
            .closeTimeout(Duration.ofMillis(700))
            .subprotocols(List.of("chat"))
            .header("Authorization", "Bearer t0ken")
            .build(),
        new RecordingListener());

    assertThat(factory.clientManager().getProperties()).isEqualTo(before);
  }

  @Test
  void rejectionHeadersEveryTime() throws Exception {
    TyrusWebSocketFactory factory = factory(new TyrusWebSocketFactory());
    for (int i = 0; i < 20; i++) {
      server.enqueue(Handshake.reject(503).header("Retry-After", "7").header("X-Attempt", "a" + i));
    }

    for (int i = 0; i < 20; i++) {
      ConnectFailedException failure =
          (ConnectFailedException)
              awaitFailure(
                  factory.connect(request(server.uri("/busy")).build(), new RecordingListener()));
      assertThat(failure.httpStatus())
          .as("status of attempt %d after %s", i, failure.getCause())
          .isEqualTo(503);
      assertThat(failure.responseHeader("Retry-After"))
          .as("Retry-After of attempt %d", i)
          .isEqualTo("7");
      assertThat(failure.responseHeader("X-Attempt"))
          .as("X-Attempt of attempt %d", i)
          .isEqualTo("a" + i);
    }
  }

  @Test
  void applicationRetriesStayOff() throws Exception {
    ClientManager application = ClientManager.createClient();
    application.getProperties().put(ClientProperties.RETRY_AFTER_SERVICE_UNAVAILABLE, true);
    application.getProperties().put(ClientProperties.RECONNECT_HANDLER, new AlwaysRetry());
    application.getProperties().put(ClientProperties.REDIRECT_ENABLED, true);
    TyrusWebSocketFactory factory = factory(new TyrusWebSocketFactory(application));
    server.enqueue(
        Handshake.reject(503).header("Retry-After", "0"),
        Handshake.reject(302).header("Location", server.uri("/elsewhere").toString()));

    Throwable busy =
        awaitFailure(
            factory.connect(request(server.uri("/busy")).build(), new RecordingListener()));
    Throwable moved =
        awaitFailure(
            factory.connect(request(server.uri("/moved")).build(), new RecordingListener()));

    assertThat(((ConnectFailedException) busy).httpStatus()).isEqualTo(503);
    assertThat(((ConnectFailedException) moved).httpStatus()).isEqualTo(302);
    assertThat(TyrusTests.staysTrue(() -> server.acceptedCount() == 2, QUIET))
        .as("the server received exactly 2 requests")
        .isTrue();
  }

  @Test
  void applicationManagerUntouched() throws Exception {
    ClientManager application = ClientManager.createClient();
    application.getProperties().put(ClientProperties.LOG_HTTP_UPGRADE, false);
    Map<String, Object> before = new HashMap<>(application.getProperties());
    TyrusWebSocketFactory factory = new TyrusWebSocketFactory(application);
    RecordingListener listener = new RecordingListener();
    open(factory, request(server.uri("/app")).build(), listener);

    factory.close();
    listener.awaitClosed(WAIT);

    assertThat(application.getProperties()).isEqualTo(before);
    CompletableFuture<Session> direct = new CompletableFuture<>();
    Session session =
        application
            .asyncConnectToServer(
                new Endpoint() {
                  @Override
                  public void onOpen(Session session, EndpointConfig config) {
                    direct.complete(session);
                  }
                },
                ClientEndpointConfig.Builder.create().build(),
                server.uri("/direct"))
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(await(direct)).isSameAs(session);
    session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "done"));
    application.shutdown();
  }

  @Test
  void threadsPerConnection() throws Exception {
    TyrusWebSocketFactory factory = new TyrusWebSocketFactory();
    int count = 10;
    int before = grizzlyThreads();

    for (int i = 0; i < count; i++) {
      open(factory, request(server.uri("/threads")).build(), new RecordingListener());
    }
    int added = grizzlyThreads() - before;
    factory.close();

    assertThat(added)
        .as("Grizzly threads for %d connections", count)
        .isLessThanOrEqualTo(factory.capabilities().threadsPerConnection() * count);
    for (ServerConnection peer : server.connections()) {
      assertThat(peer.awaitTcpEnd(WAIT)).isNotNull();
    }
  }

  @Test
  void factoryCloseEndsItsThreads() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    TyrusWebSocketFactory factory = new TyrusWebSocketFactory();
    RecordingListener open = new RecordingListener();
    open(factory, request(server.uri("/open")).build(), open);
    server.enqueue(Handshake.stall());
    CompletableFuture<WebSocketConnection> pending =
        factory
            .connect(request(server.uri("/pending")).build(), new RecordingListener())
            .toCompletableFuture();
    server.awaitConnection();
    server.awaitConnection();

    factory.close();

    assertThat(open.awaitClosed(WAIT).code()).isEqualTo(1006);
    assertThat(((ConnectFailedException) awaitFailure(pending)).kind()).isEqualTo(Kind.CANCELLED);
    awaitCondition(
        () -> threadsStartedSince(before).isEmpty(), "threads of the factory ending after close");
  }

  /**
   * Returns the live threads that did not exist in {@code before}, except the test servers' and the
   * JVM-wide timer thread of {@code CompletableFuture}, which never ends.
   */
  private static List<Thread> threadsStartedSince(Set<Thread> before) {
    List<Thread> threads = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (thread.isAlive()
          && !before.contains(thread)
          && !name.startsWith("tck-")
          && !name.equals("CompletableFutureDelayScheduler")) {
        threads.add(thread);
      }
    }
    return threads;
  }

  private static int grizzlyThreads() {
    return TyrusTests.threadsNamed("Grizzly").size()
        + TyrusTests.threadsNamed("partysocket-tyrus-worker").size();
  }

  /** A Tyrus reconnect handler that always requests an immediate retry. */
  private static final class AlwaysRetry extends ClientManager.ReconnectHandler {
    @Override
    public boolean onDisconnect(CloseReason closeReason) {
      return true;
    }

    @Override
    public boolean onConnectFailure(Exception exception) {
      return true;
    }

    @Override
    public long getDelay() {
      return 0;
    }
  }
}
