package io.partysocket.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ScriptedServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The factory's resources: its own event loop group, the application's group, and closing. */
class NettyFactoryTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private ScriptedServer server;
  private EventLoopGroup applicationGroup;

  @BeforeEach
  void startServer() throws IOException {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    if (applicationGroup != null) {
      applicationGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void noThreadsBeforeFirstConnect() {
    Set<Thread> before = transportThreads();
    NettyWebSocketFactory factory = new NettyWebSocketFactory();
    try {
      assertThat(newThreads(before)).isEmpty();
    } finally {
      factory.close();
    }
  }

  @Test
  void closeStopsOwnThreads() throws Exception {
    NettyWebSocketFactory factory = new NettyWebSocketFactory();
    RecordingListener listener = new RecordingListener();
    Set<Thread> before = transportThreads();
    factory
        .connect(ConnectRequest.builder(server.uri("/")).build(), listener)
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    Set<Thread> started = newThreads(before);

    factory.close();

    assertThat(started).isNotEmpty();
    assertThat(started).allMatch(Thread::isDaemon);
    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
    assertThat(Poll.until(() -> started.stream().noneMatch(Thread::isAlive), WAIT))
        .as("the factory's threads ended")
        .isTrue();
  }

  @Test
  void applicationGroupKeptRunning() throws Exception {
    applicationGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Set<Thread> before = transportThreads();
    NettyWebSocketFactory factory = new NettyWebSocketFactory(applicationGroup);
    RecordingListener listener = new RecordingListener();
    WebSocketConnection connection =
        factory
            .connect(ConnectRequest.builder(server.uri("/")).build(), listener)
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);

    factory.close();
    CloseInfo info = listener.awaitClosed(WAIT);

    assertThat(connection).isNotNull();
    assertThat(info.code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
    assertThat(info.remote()).isFalse();
    assertThat(applicationGroup.isShuttingDown()).isFalse();
    assertThat(newThreads(before)).as("threads the factory started").isEmpty();
  }

  @Test
  void pendingConnectCancelledByClose() throws Exception {
    server.enqueue(Handshake.stall());
    NettyWebSocketFactory factory = new NettyWebSocketFactory();
    RecordingListener listener = new RecordingListener();
    CompletableFuture<WebSocketConnection> pending =
        factory
            .connect(ConnectRequest.builder(server.uri("/")).build(), listener)
            .toCompletableFuture();
    server.awaitConnection();

    factory.close();

    assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            ConnectFailedException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
    assertThat(listener.events()).isEmpty();
  }

  @Test
  void connectAfterCloseFails() {
    Set<Thread> before = transportThreads();
    NettyWebSocketFactory factory = new NettyWebSocketFactory();
    factory.close();

    CompletableFuture<WebSocketConnection> stage =
        factory
            .connect(
                ConnectRequest.builder(URI.create("ws://127.0.0.1:1/")).build(),
                new RecordingListener())
            .toCompletableFuture();

    assertThatThrownBy(() -> stage.get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(IllegalStateException.class);
    assertThat(newThreads(before)).isEmpty();
  }

  @Test
  void rejectsGroupWithoutNio() {
    DefaultEventLoopGroup local = new DefaultEventLoopGroup(1);
    try {
      assertThatThrownBy(() -> new NettyWebSocketFactory(local))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("NIO");
    } finally {
      local.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  @Test
  void declaresNameAndCapabilities() {
    NettyWebSocketFactory factory = new NettyWebSocketFactory();
    TransportCapabilities capabilities = factory.capabilities();

    assertThat(factory.name()).isEqualTo("netty");
    assertThat(factory.priority()).isEqualTo(50);
    assertThat(capabilities.pingWithPayload()).isTrue();
    assertThat(capabilities.pongEvents()).isTrue();
    assertThat(capabilities.nativeHeartbeat()).isTrue();
    assertThat(capabilities.compression()).isTrue();
    assertThat(capabilities.writeCompletion()).isTrue();
    assertThat(capabilities.perConnectionTls()).isTrue();
    assertThat(capabilities.protocolCloseCodes()).isTrue();
    assertThat(capabilities.threadsPerConnection()).isZero();
  }

  /** Returns the live threads of the event loop groups that factories create for themselves. */
  private static Set<Thread> transportThreads() {
    Set<Thread> threads = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && thread.getName().startsWith("partysocket-netty-")) {
        threads.add(thread);
      }
    }
    return threads;
  }

  private static Set<Thread> newThreads(Set<Thread> before) {
    Set<Thread> now = transportThreads();
    now.removeAll(before);
    return now;
  }
}
