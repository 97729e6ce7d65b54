package io.partysocket.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.ScriptedServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdkFactoryTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private ScriptedServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void serviceLoaderFindsJdkFactory() {
    List<WebSocketFactory> found =
        ServiceLoader.load(WebSocketFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .collect(Collectors.toList());

    assertThat(found).extracting(WebSocketFactory::name).contains("jdk");
    assertThat(found).filteredOn(f -> f.name().equals("jdk")).allMatch(WebSocketFactory::isUsable);
  }

  @Test
  void constructorStartsNoThreads() {
    // A thread of an earlier test may still be ending, so compare threads rather than counts.
    Set<Thread> before = jdkThreadSet();

    new JdkWebSocketFactory().close();

    assertThat(jdkThreadSet()).as("threads started by the factory").isSubsetOf(before);
  }

  @Test
  void closeStopsOwnThreads() throws Exception {
    JdkWebSocketFactory factory = new JdkWebSocketFactory();
    RecordingListener listener = new RecordingListener();
    factory
        .connect(ConnectRequest.builder(server.uri("/echo")).build(), listener)
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);

    factory.close();

    assertThat(listener.awaitClosed(WAIT).remote()).isFalse();
    assertThat(Poll.until(() -> jdkThreads() == 0, Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void applicationClientKeepsRunning() throws Exception {
    ExecutorService applicationPool = Executors.newCachedThreadPool();
    HttpClient client = HttpClient.newBuilder().executor(applicationPool).build();
    try {
      JdkWebSocketFactory first = new JdkWebSocketFactory(client);
      RecordingListener firstListener = new RecordingListener();
      first
          .connect(ConnectRequest.builder(server.uri("/echo")).build(), firstListener)
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS);

      first.close();
      CloseInfo info = firstListener.awaitClosed(WAIT);
      JdkWebSocketFactory second = new JdkWebSocketFactory(client);
      RecordingListener secondListener = new RecordingListener();
      WebSocketConnection connection =
          second
              .connect(ConnectRequest.builder(server.uri("/echo")).build(), secondListener)
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS);
      connection.sendText("still works");

      assertThat(info.remote()).isFalse();
      assertThat(applicationPool.isShutdown()).isFalse();
      assertThat(secondListener.awaitTexts(1, WAIT)).containsExactly("still works");
      second.close();
    } finally {
      applicationPool.shutdownNow();
    }
  }

  private static long jdkThreads() {
    return jdkThreadSet().size();
  }

  private static Set<Thread> jdkThreadSet() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("partysocket-jdk-"))
        .collect(Collectors.toSet());
  }
}
