package io.partysocket.transport.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Resources: the dispatcher cap, the application's client, and what close releases. */
class OkHttpFactoryTest extends OkHttpFixture {

  /** More than OkHttp's default of 64 running calls per dispatcher. */
  private static final int CONNECTIONS = 70;

  @Test
  void moreThan64OpenAtOnce() {
    assertThat(openAll()).hasSize(CONNECTIONS);
  }

  @Test
  void moreThan64WithApplicationClient() {
    OkHttpClient client = new OkHttpClient();
    factory = new OkHttpWebSocketFactory(client);

    assertThat(openAll()).hasSize(CONNECTIONS);
    assertThat(client.dispatcher().getMaxRequests())
        .as("the application's dispatcher")
        .isEqualTo(64);
  }

  private List<WebSocketConnection> openAll() {
    List<CompletableFuture<WebSocketConnection>> connects = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      connects.add(
          factory.connect(request(server.uri("/many")).build(), listener()).toCompletableFuture());
    }
    List<WebSocketConnection> open = new ArrayList<>();
    for (CompletableFuture<WebSocketConnection> connect : connects) {
      open.add(await(connect));
    }
    return open;
  }

  @Test
  void closeLeavesApplicationClientRunning() throws Exception {
    OkHttpClient client = new OkHttpClient();
    factory = new OkHttpWebSocketFactory(client);
    RecordingListener listener = listener();
    open(request(server.uri("/app")).build(), listener);

    factory.close();
    CloseInfo closed = listener.awaitClosed(WAIT);
    factory = new OkHttpWebSocketFactory(client);
    WebSocketConnection again = open(request(server.uri("/again")).build(), listener());

    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(client.dispatcher().executorService().isShutdown()).isFalse();
    assertThat(again.subprotocol()).isNull();
  }

  @Test
  void closeEndsPoolThreads() throws Exception {
    for (int i = 0; i < 3; i++) {
      open(request(server.uri("/threads")).build(), listener());
    }
    assertThat(poolThreads()).as("pool threads while open").isNotEmpty();

    factory.close();

    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!poolThreads().isEmpty() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    assertThat(poolThreads()).as("pool threads after close").isEmpty();
  }

  @Test
  void constructorStartsNothing() {
    List<Thread> before = poolThreads();

    OkHttpWebSocketFactory unused = new OkHttpWebSocketFactory();
    unused.close();

    // Threads of earlier tests' pools may end meanwhile, but none may start.
    assertThat(before).containsAll(poolThreads());
  }

  @Test
  void foundByServiceLoader() {
    List<String> names = new ArrayList<>();
    for (ServiceLoader.Provider<io.partysocket.spi.WebSocketFactory> provider :
        ServiceLoader.load(io.partysocket.spi.WebSocketFactory.class).stream().toList()) {
      names.add(provider.type().getName());
    }

    assertThat(names).contains(OkHttpWebSocketFactory.class.getName());
    assertThat(factory.name()).isEqualTo("okhttp");
    assertThat(factory.priority()).isEqualTo(30);
  }

  @Test
  void connectAfterCloseFails() {
    factory.close();

    Throwable failure =
        awaitFailure(factory.connect(request(server.uri("/late")).build(), listener()));

    assertThat(failure).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void liveConnectionsForgotten() throws Exception {
    RecordingListener listener = listener();
    WebSocketConnection connection = open(request(server.uri("/forget")).build(), listener);

    connection.close(1000, "");
    listener.awaitClosed(WAIT);

    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (factory.liveConnections() > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    assertThat(factory.liveConnections()).isZero();
  }

  /**
   * Returns the live threads of the factories' pools. OkHttp renames a pool thread after the URL
   * while it runs a call, which for a WebSocket is as long as the connection is open.
   */
  private List<Thread> poolThreads() {
    String reader = "OkHttp http://127.0.0.1:" + server.port() + "/";
    List<Thread> threads = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (thread.isAlive() && (name.startsWith("partysocket-okhttp-") || name.startsWith(reader))) {
        threads.add(thread);
      }
    }
    return threads;
  }
}
