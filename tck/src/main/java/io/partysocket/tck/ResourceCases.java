package io.partysocket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.RecordingListener.Closed;
import io.partysocket.tck.server.ServerConnection;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Threading, callback ordering, resource and discovery cases. */
abstract class ResourceCases extends CaseSupport {

  ResourceCases(TransportTck owner) {
    super(owner);
  }

  @Test
  void callbacksSerialized() throws InterruptedException {
    Link link = openScripted("/serial");
    link.listener().hook(event -> LockSupport.parkNanos(20_000));
    int serverMessages = 1000;
    Thread clientSender =
        new Thread(
            () -> {
              for (int i = 0; i < 400; i++) {
                link.connection().sendText("c" + i);
              }
            },
            "tck-client-sender");
    clientSender.start();

    for (int i = 0; i < serverMessages; i++) {
      link.peer().sendText("s" + i);
      if (i % 50 == 0) {
        link.peer().pong(new byte[] {1});
        link.peer().ping(new byte[] {2});
      }
    }
    clientSender.join(WAIT.toMillis());

    link.listener().awaitTexts(serverMessages + 400, Duration.ofSeconds(20));
    List<String> fromServer =
        link.listener().texts().stream().filter(text -> text.startsWith("s")).toList();
    for (int i = 0; i < serverMessages; i++) {
      assertThat(fromServer.get(i)).as("server message in position %d", i).isEqualTo("s" + i);
    }
    assertThat(link.listener().violations()).isEmpty();
  }

  @Test
  void noReentrantCallbacks() {
    Link closing = openScripted("/reentrant-close");
    Link aborting = openScripted("/reentrant-abort");
    Link closedByServer = openScripted("/reentrant-server");

    closing.connection().sendText("before close");
    closing.connection().close(1000, "bye");
    aborting.connection().abort();
    closedByServer.peer().close(1000, "server");
    closedByServer.listener().awaitClosed(WAIT);
    closedByServer.connection().sendText("after close");
    closedByServer.connection().close(1000, "after close");
    closedByServer.connection().abort();

    for (Link link : List.of(closing, aborting, closedByServer)) {
      link.listener().awaitClosed(WAIT);
      assertThat(link.listener().violations())
          .as("violations of connection %d", link.peer().id())
          .isEmpty();
    }
  }

  @Test
  void nothingAfterOnClosed() throws InterruptedException {
    Link aborted = openScripted("/after-abort");
    Thread flood = flood(aborted.peer());
    aborted.listener().awaitTexts(10, WAIT);

    aborted.connection().abort();
    aborted.listener().awaitClosed(WAIT);
    Link reset = openScripted("/after-reset");
    for (int i = 0; i < 50; i++) {
      reset.peer().sendText("r" + i);
      reset.peer().pong(new byte[] {3});
    }
    reset.peer().reset();
    reset.listener().awaitClosed(WAIT);

    assertThat(aborted.listener().arrivesWithin(Closed.class, 2, QUIET)).isFalse();
    assertThat(reset.listener().arrivesWithin(Closed.class, 2, QUIET)).isFalse();
    assertThat(aborted.listener().violations()).as("violations after abort").isEmpty();
    assertThat(reset.listener().violations()).as("violations after reset").isEmpty();
    assertThat(last(aborted.listener())).isInstanceOf(Closed.class);
    assertThat(last(reset.listener())).isInstanceOf(Closed.class);
    flood.join(WAIT.toMillis());
  }

  private static RecordingListener.Event last(RecordingListener listener) {
    List<RecordingListener.Event> events = listener.events();
    return events.get(events.size() - 1);
  }

  private static Thread flood(ServerConnection peer) {
    Thread thread =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 5000; i++) {
                  peer.sendText("f" + i);
                  peer.pong(new byte[] {4});
                }
              } catch (UncheckedIOException e) {
                // The client aborted, as intended.
              }
            },
            "tck-flood");
    thread.start();
    return thread;
  }

  @Test
  void manyConnectionsBoundedThreads() throws InterruptedException {
    int count = 200;
    int inFlight = 8;
    Semaphore permits = new Semaphore(inFlight);
    int threadsBefore = clientThreads().size();
    List<CompletableFuture<WebSocketConnection>> connects = new ArrayList<>();

    for (int i = 0; i < count; i++) {
      if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "only "
                + (i - inFlight)
                + " of "
                + count
                + " connections completed; "
                + inFlight
                + " attempts stayed pending for 30 s (does the transport cap open connections?)");
      }
      CompletionStage<WebSocketConnection> stage =
          connect(request(server.uri("/many")).build(), listener());
      stage.whenComplete((connection, failure) -> permits.release());
      connects.add(stage.toCompletableFuture());
    }
    await(
        CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)),
        Duration.ofSeconds(60));
    int threadsAfter = clientThreads().size();

    // Handshakes rather than TCP connections: a pooling client may open a rare idle spare.
    long handshakes =
        server.connections().stream().filter(ServerConnection::requestReceived).count();
    assertThat(handshakes).as("handshake requests the server received").isEqualTo(count);
    assertThat(threadsAfter - threadsBefore)
        .as("threads added for %d connections", count)
        .isLessThanOrEqualTo(capabilities().threadsPerConnection() * count + 40);
  }

  @Test
  void factoryCloseReleasesEverything() {
    Set<Thread> before = nonDaemonClientThreads();
    List<RecordingListener> listeners = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RecordingListener listener = listener();
      open(request(server.uri("/factory-close")).build(), listener);
      listeners.add(listener);
    }

    factory.close();
    factory.close();

    for (RecordingListener listener : listeners) {
      assertThat(listener.awaitClosed(WAIT)).isNotNull();
    }
    server.awaitNoOpenSockets(WAIT);
    Throwable late = awaitFailure(connect(request(server.uri("/late")).build(), listener()), WAIT);
    assertThat(late).as("connect after close").isInstanceOf(IllegalStateException.class);
    awaitCondition(
        () -> before.containsAll(nonDaemonClientThreads()),
        WAIT,
        "transport's non-daemon threads ending");
  }

  @Test
  void serviceLoaderDiscovery() {
    List<ServiceLoader.Provider<WebSocketFactory>> providers =
        ServiceLoader.load(WebSocketFactory.class).stream().toList();

    ServiceLoader.Provider<WebSocketFactory> provider =
        providers.stream()
            .filter(p -> p.type() == factory.getClass())
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "ServiceLoader finds no provider of class "
                            + factory.getClass().getName()
                            + "; add it to META-INF/services/"
                            + WebSocketFactory.class.getName()
                            + " and to module-info.java (provides ... with ...)"));
    WebSocketFactory loaded = provider.get();
    try {
      assertThat(loaded.name()).isEqualTo(factory.name());
      assertThat(loaded.name()).matches("[a-z][a-z0-9-]*");
      assertThat(loaded.priority()).isEqualTo(factory.priority());
      assertThat(loaded.isUsable()).as("isUsable").isTrue();
    } finally {
      loaded.close();
    }
  }

  /** Returns live threads that the TCK's own servers and senders did not start. */
  private static Set<Thread> clientThreads() {
    Set<Thread> threads = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && !thread.getName().startsWith("tck-")) {
        threads.add(thread);
      }
    }
    return threads;
  }

  private static Set<Thread> nonDaemonClientThreads() {
    Set<Thread> threads = clientThreads();
    threads.removeIf(Thread::isDaemon);
    return threads;
  }
}
