package io.partysocket.tck;

import io.partysocket.AttemptEvent;
import io.partysocket.CloseEvent;
import io.partysocket.ErrorEvent;
import io.partysocket.EventType;
import io.partysocket.GiveUpEvent;
import io.partysocket.OpenEvent;
import io.partysocket.PartySocket;
import io.partysocket.PartySocketOptions;
import io.partysocket.ProtocolsProvider;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.UrlProvider;
import io.partysocket.WebSocketOptions;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.server.FaultProxy;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The fixture of the full-stack cases: a fresh factory and {@link ScriptedServer} per test, fault
 * proxies on demand, sockets with short timeouts, and cleanup. After each test it closes every
 * socket, closes the factory, and fails the test if the server still has an open socket.
 *
 * <p>Not thread-safe: one test at a time.
 */
abstract class StackSupport {

  /** The delay before the first retry, and the base of the backoff. */
  static final Duration MIN_DELAY = Duration.ofMillis(100);

  /** The cap of the backoff. */
  static final Duration MAX_DELAY = Duration.ofMillis(500);

  /** The connection timeout of every socket, which is also the handshake deadline it gives. */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

  /** The close timeout of every socket. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

  /** How long to wait for something that must happen. */
  static final Duration WAIT = Duration.ofSeconds(5);

  /** How long to watch for something that must not happen: longer than {@link #MAX_DELAY}. */
  static final Duration QUIET = Duration.ofMillis(1000);

  static final EventType<OpenEvent> OPEN = EventType.OPEN;
  static final EventType<CloseEvent> CLOSE = EventType.CLOSE;
  static final EventType<ErrorEvent> ERROR = EventType.ERROR;
  static final EventType<AttemptEvent> ATTEMPT = EventType.ATTEMPT;
  static final EventType<GiveUpEvent> GIVE_UP = EventType.GIVE_UP;

  private final ReconnectingTck owner;
  private final List<ReconnectingWebSocket> sockets =
      Collections.synchronizedList(new ArrayList<>());
  private final List<FaultProxy> proxies = new ArrayList<>();

  WebSocketFactory factory;
  ScriptedServer server;

  StackSupport(ReconnectingTck owner) {
    this.owner = owner;
  }

  /** Whether this JVM made its warm-up connection; see {@link #warmUp()}. */
  private static final AtomicBoolean WARMED_UP = new AtomicBoolean();

  @BeforeEach
  final void startStack(TestInfo test) throws IOException {
    String defect =
        test.getTestMethod().map(m -> owner.knownDefects().get(m.getName())).orElse(null);
    Assumptions.assumeTrue(defect == null, () -> "known defect of the transport: " + defect);
    if (!WARMED_UP.getAndSet(true)) {
      warmUp();
    }
    factory = Objects.requireNonNull(owner.createFactory(), "createFactory() returned null");
    server = ScriptedServer.start();
  }

  @AfterEach
  final void stopStack() throws Exception {
    if (factory == null || server == null) {
      // A skipped case started nothing.
      return;
    }
    try {
      List<ReconnectingWebSocket> all;
      synchronized (sockets) {
        all = List.copyOf(sockets);
      }
      for (ReconnectingWebSocket socket : all) {
        socket.close();
      }
      // A proxy that keeps bytes back, or a server connection that stopped reading, cannot pass
      // on or see the client's FIN or RST.
      for (FaultProxy proxy : proxies) {
        proxy.forward();
      }
      server.connections().forEach(ServerConnection::resumeReading);
      for (FaultProxy proxy : proxies) {
        Waits.until(() -> proxy.openConnections() == 0, WAIT, "proxied connections closing");
      }
      server.awaitNoOpenSockets(WAIT);
    } finally {
      factory.close();
      for (FaultProxy proxy : proxies) {
        proxy.close();
      }
      server.close();
    }
  }

  /**
   * Opens and closes one socket with a generous timeout, with a factory and a server used only for
   * that. The first connection in a JVM loads the classes of the engine, the transport and its
   * client library. That took 0.5 to 1.3 seconds on a 2-core machine, which is longer than the
   * connection timeout of the cases, so the first case would time out where the others do not.
   */
  private void warmUp() throws IOException {
    try (WebSocketFactory transport = owner.createFactory();
        ScriptedServer target = ScriptedServer.start()) {
      ReconnectingWebSocket socket =
          new ReconnectingWebSocket(
              UrlProvider.of(target.uri("/warm-up").toString()),
              ProtocolsProvider.NONE,
              WebSocketOptions.builder()
                  .transport(transport)
                  .connectionTimeout(Duration.ofSeconds(30))
                  .startClosed(true)
                  .build());
      SocketRecorder events = SocketRecorder.attach(socket);
      socket.reconnect();
      events.await(OPEN, 1, Duration.ofSeconds(30));
      socket.send("warm-up");
      target.awaitConnection().awaitCount(ServerEvent.Text.class, 1, WAIT);
      socket.close();
      target.awaitNoOpenSockets(WAIT);
    }
  }

  /** Returns the capabilities the factory declares. */
  TransportCapabilities capabilities() {
    return factory.capabilities();
  }

  /** Returns how many TCP connections the transport may open for one attempt. */
  int maxConnectionsPerAttempt() {
    return owner.maxConnectionsPerAttempt();
  }

  io.partysocket.spi.ConnectFailedException.Kind handshakeResetKind() {
    return owner.handshakeResetKind();
  }

  /** Returns the test of the transport's documented shared pool threads. */
  Predicate<Thread> transportPool() {
    return owner::isTransportPoolThread;
  }

  /**
   * Returns options with this fixture's factory and short timings: delays from {@link #MIN_DELAY}
   * growing by 1.3 up to {@link #MAX_DELAY}, a {@link #CONNECTION_TIMEOUT} and a {@link
   * #CLOSE_TIMEOUT}.
   */
  WebSocketOptions.Builder options() {
    return WebSocketOptions.builder()
        .transport(factory)
        .minReconnectionDelay(MIN_DELAY)
        .maxReconnectionDelay(MAX_DELAY)
        .reconnectionDelayGrowFactor(1.3)
        .connectionTimeout(CONNECTION_TIMEOUT)
        .closeTimeout(CLOSE_TIMEOUT);
  }

  /**
   * A socket under test and the recorder of its events.
   *
   * @param socket the socket
   * @param events every event but messages, from the first attempt on
   */
  record Client<S extends ReconnectingWebSocket>(S socket, SocketRecorder events) {}

  /**
   * Creates a socket for {@code uri}, attaches a recorder, then starts the first attempt, so the
   * recorder receives every event. The socket is closed after the test.
   */
  Client<ReconnectingWebSocket> start(URI uri, WebSocketOptions.Builder options) {
    ReconnectingWebSocket socket =
        track(
            new ReconnectingWebSocket(
                UrlProvider.of(uri.toString()),
                ProtocolsProvider.NONE,
                options.startClosed(true).build()));
    return startRecorded(socket);
  }

  /** Creates a PartySocket and starts it like {@link #start(URI, WebSocketOptions.Builder)}. */
  Client<PartySocket> startParty(PartySocketOptions.Builder options, WebSocketOptions.Builder ws) {
    PartySocket socket =
        track(new PartySocket(options.socketOptions(ws.startClosed(true).build()).build()));
    return startRecorded(socket);
  }

  private static <S extends ReconnectingWebSocket> Client<S> startRecorded(S socket) {
    SocketRecorder events = SocketRecorder.attach(socket);
    // With startClosed, reconnect() makes the first attempt, without delay, like the constructor.
    socket.reconnect();
    return new Client<>(socket, events);
  }

  /** Closes {@code socket} after the test. */
  <T extends ReconnectingWebSocket> T track(T socket) {
    sockets.add(socket);
    return socket;
  }

  /**
   * Waits until the server has a connection to {@code path} whose handshake it accepted and that
   * has not ended, and returns the newest such connection.
   *
   * @throws AssertionError if there is none within {@link #WAIT}
   */
  ServerConnection liveConnection(String path) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<ServerConnection> all = server.connections();
      for (int i = all.size() - 1; i >= 0; i--) {
        ServerConnection connection = all.get(i);
        if (connection.handshakeAccepted()
            && !connection.ended()
            && connection.path().equals(path)) {
          return connection;
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "no open server connection to " + path + " within " + WAIT.toMillis() + " ms");
      }
      Waits.pause(Duration.ofMillis(5));
    }
  }

  /**
   * Starts a fault proxy in front of the scripted server. After the test the fixture makes it
   * forward again, waits until the client closed every proxied connection, and closes it.
   */
  FaultProxy proxy() throws IOException {
    FaultProxy proxy = FaultProxy.start(server.port());
    proxies.add(proxy);
    return proxy;
  }
}
