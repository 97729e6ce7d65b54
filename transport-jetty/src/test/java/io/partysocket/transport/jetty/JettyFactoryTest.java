package io.partysocket.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerConnection;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/** The factory: its identity, the application's clients, and what {@code close()} releases. */
class JettyFactoryTest extends JettyTestSupport {

  /** Spare connections a burst of 100 connects may open; one was seen in a full build. */
  private static final int SPARES_ALLOWED = 2;

  @Test
  void nameAndPriority() {
    assertThat(factory.name()).isEqualTo("jetty");
    assertThat(factory.priority()).isEqualTo(40);
  }

  @Test
  void capabilitiesDeclared() {
    TransportCapabilities capabilities = factory.capabilities();

    assertThat(capabilities.pingWithPayload()).as("pingWithPayload").isTrue();
    assertThat(capabilities.pongEvents()).as("pongEvents").isTrue();
    assertThat(capabilities.compression()).as("compression").isTrue();
    assertThat(capabilities.writeCompletion()).as("writeCompletion").isTrue();
    assertThat(capabilities.protocolCloseCodes()).as("protocolCloseCodes").isTrue();
    assertThat(capabilities.perConnectionTls()).as("perConnectionTls").isFalse();
    assertThat(capabilities.nativeHeartbeat()).as("nativeHeartbeat").isFalse();
    assertThat(capabilities.threadsPerConnection()).as("threadsPerConnection").isZero();
  }

  @Test
  void applicationClientStartedAndKept() throws Exception {
    WebSocketClient client = new WebSocketClient();
    try {
      JettyWebSocketFactory shared = new JettyWebSocketFactory(client);
      RecordingListener listener = new RecordingListener();
      open(shared, request(server.uri("/shared")).build(), listener);

      shared.close();

      assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(1006);
      assertThat(client.isRunning()).as("application client running").isTrue();
    } finally {
      client.stop();
    }
  }

  @Test
  void applicationClientServesFactories() throws Exception {
    WebSocketClient client = new WebSocketClient();
    client.start();
    try {
      new JettyWebSocketFactory(client).close();
      try (JettyWebSocketFactory second = new JettyWebSocketFactory(client)) {
        RecordingListener listener = new RecordingListener();
        WebSocketConnection connection =
            open(second, request(server.uri("/second")).build(), listener);
        await(connection.sendText("second factory"));

        assertThat(listener.awaitTexts(1, WAIT)).containsExactly("second factory");
      }
    } finally {
      client.stop();
    }
  }

  @Test
  void applicationHttpClientKept() throws Exception {
    HttpClient http = new HttpClient();
    try {
      JettyWebSocketFactory shared = new JettyWebSocketFactory(http);
      RecordingListener listener = new RecordingListener();
      WebSocketConnection connection = open(shared, request(server.uri("/http")).build(), listener);
      await(connection.sendText("over the application's HttpClient"));
      listener.awaitTexts(1, WAIT);

      shared.close();

      assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(1006);
      assertThat(http.isRunning()).as("application HttpClient running").isTrue();
    } finally {
      http.stop();
    }
  }

  @Test
  void redirectNotFollowedByApplicationClient() throws Exception {
    WebSocketClient client = new WebSocketClient();
    client.start();
    String location = server.uri("/elsewhere").toString();
    server.enqueue(Handshake.reject(302).header("Location", location));
    try (JettyWebSocketFactory shared = new JettyWebSocketFactory(client)) {
      ConnectFailedException failure =
          awaitConnectFailure(
              shared.connect(request(server.uri("/moved")).build(), new RecordingListener()));

      assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
      assertThat(failure.httpStatus()).isEqualTo(302);
      assertThat(failure.responseHeader("Location")).isEqualTo(location);
      assertThat(server.acceptedCount()).as("requests the server received").isEqualTo(1);
    } finally {
      client.stop();
    }
  }

  @Test
  void limitsSetOnApplicationSessions() throws Exception {
    WebSocketClient client = new WebSocketClient();
    client.start();
    try (JettyWebSocketFactory shared = new JettyWebSocketFactory(client)) {
      RecordingListener listener = new RecordingListener();
      open(shared, request(server.uri("/big")).maxInboundMessageBytes(1 << 20).build(), listener);

      server.awaitConnection().sendBinary(new byte[512 * 1024]);

      assertThat(listener.awaitBinaries(1, WAIT).get(0)).hasSize(512 * 1024);
      assertThat(client.getMaxBinaryMessageSize()).as("client default").isEqualTo(64 * 1024);
    } finally {
      client.stop();
    }
  }

  @Test
  void concurrentConnectsOpenFewSpares() {
    int count = 100;
    List<CompletableFuture<WebSocketConnection>> connects = new ArrayList<>();

    for (int i = 0; i < count; i++) {
      connects.add(
          factory
              .connect(request(server.uri("/burst")).build(), new RecordingListener())
              .toCompletableFuture());
    }
    await(CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)));

    // The factory's pool still lets a rare spare open in a burst; see JettyClients.
    assertThat(server.acceptedCount())
        .as("TCP connections the server accepted")
        .isBetween(count, count + SPARES_ALLOWED);
  }

  @Test
  void closeStopsOwnThreads() {
    Set<String> before = jettyThreads();
    RecordingListener listener = new RecordingListener();
    open(request(server.uri("/threads")).build(), listener);

    factory.close();

    listener.awaitClosed(WAIT);
    awaitCondition(() -> before.containsAll(jettyThreads()), "the factory's threads ending");
  }

  @Test
  void closeFromJettyThread() {
    Set<String> before = jettyThreads();
    server.enqueue(Handshake.accept().noEcho());
    RecordingListener listener = new RecordingListener();
    WebSocketConnection connection = open(request(server.uri("/inside")).build(), listener);
    CompletableFuture<String> closedOn = new CompletableFuture<>();
    ServerConnection peer = server.awaitConnection();

    // The server reads only after the callback is attached, so Jetty completes the write on its
    // own thread and not before thenRun.
    peer.stopReading();
    connection
        .sendBinary(ByteBuffer.allocate(8 << 20))
        .thenRun(
            () -> {
              factory.close();
              closedOn.complete(Thread.currentThread().getName());
            });
    peer.resumeReading();

    assertThat(await(closedOn)).matches("partysocket-jetty-[0-9]+-.*");
    listener.awaitClosed(WAIT);
    awaitCondition(() -> before.containsAll(jettyThreads()), "the factory's threads ending");
  }

  @Test
  void closeFromListener() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    RecordingListener listener =
        new RecordingListener()
            .hook(
                event -> {
                  if (event instanceof RecordingListener.Text) {
                    factory.close();
                    closed.complete(null);
                  }
                });
    WebSocketConnection connection = open(request(server.uri("/listener")).build(), listener);

    connection.sendText("close the factory on echo");

    await(closed);
    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(1006);
  }

  @Test
  void connectAfterCloseFails() {
    factory.close();

    Throwable failure =
        awaitFailure(
            factory.connect(request(server.uri("/late")).build(), new RecordingListener()));

    assertThat(failure).isInstanceOf(IllegalStateException.class);
  }

  private static Set<String> jettyThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("partysocket-jetty-"))
        .collect(Collectors.toSet());
  }
}
