package io.partysocket.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdkMessagingTest {

  private final JdkWebSocketFactory factory = new JdkWebSocketFactory();
  private final RecordingListener listener = new RecordingListener();
  private JettyEchoServer jetty;
  private RawWebSocketServer raw;

  @BeforeEach
  void startServer() throws Exception {
    jetty = JettyEchoServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    factory.close();
    jetty.close();
    if (raw != null) {
      raw.close();
      assertThat(raw.scriptFailure()).isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "gr\u00fc\u00dfe \u20ac", "\ud83d\ude00\ud83c\udf89"})
  void echoesText(String text) throws Exception {
    WebSocketConnection connection = openEcho();

    connection.sendText(text).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertThat(listener.texts.poll(5, TimeUnit.SECONDS)).isEqualTo(text);
  }

  @Test
  void echoesLargeText() throws Exception {
    WebSocketConnection connection = openEcho();
    String text = "0123456789abcdef\u00e9".repeat(200 * 1024 / 17);

    connection.sendText(text);

    assertThat(listener.texts.poll(10, TimeUnit.SECONDS)).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 1024 * 1024})
  void echoesBinary(int size) throws Exception {
    WebSocketConnection connection = openEcho();
    ByteBuffer data = ByteBuffer.allocate(size);
    for (int i = 0; i < size; i++) {
      data.put(i, (byte) i);
    }

    connection.sendBinary(data).toCompletableFuture().get(10, TimeUnit.SECONDS);

    ByteBuffer echoed = listener.binaries.poll(10, TimeUnit.SECONDS);
    assertThat(echoed).isEqualTo(data);
    assertThat(data.position()).isZero();
  }

  @Test
  void keepsOrderFromOneSender() throws Exception {
    WebSocketConnection connection = openEcho();

    for (int i = 0; i < 10_000; i++) {
      connection.sendText(Integer.toString(i));
    }

    for (int i = 0; i < 10_000; i++) {
      assertThat(listener.texts.poll(10, TimeUnit.SECONDS)).isEqualTo(Integer.toString(i));
    }
  }

  @Test
  void concurrentSendersAllDelivered() throws Exception {
    WebSocketConnection connection = openEcho();
    ExecutorService senders = Executors.newFixedThreadPool(8);
    List<CompletionStage<Void>> stages = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<CompletableFuture<List<CompletionStage<Void>>>> perThread = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        perThread.add(
            CompletableFuture.supplyAsync(
                () -> {
                  awaitQuietly(start);
                  List<CompletionStage<Void>> sent = new ArrayList<>();
                  for (int i = 0; i < 500; i++) {
                    sent.add(connection.sendText(thread + ":" + i));
                  }
                  return sent;
                },
                senders));
      }
      start.countDown();
      for (CompletableFuture<List<CompletionStage<Void>>> sent : perThread) {
        stages.addAll(sent.get(10, TimeUnit.SECONDS));
      }
    } finally {
      senders.shutdown();
    }

    for (CompletionStage<Void> stage : stages) {
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    Map<Integer, Integer> nextPerThread = new HashMap<>();
    for (int i = 0; i < 8 * 500; i++) {
      String[] parts = listener.texts.poll(10, TimeUnit.SECONDS).split(":");
      int thread = Integer.parseInt(parts[0]);
      int expected = nextPerThread.getOrDefault(thread, 0);
      assertThat(Integer.parseInt(parts[1])).isEqualTo(expected);
      nextPerThread.put(thread, expected + 1);
    }
    assertThat(listener.overlapping.get()).isZero();
  }

  @Test
  void bufferedAmountDrainsToZero() throws Exception {
    WebSocketConnection connection = openEcho();
    List<CompletionStage<Void>> stages = new ArrayList<>();

    for (int i = 0; i < 50; i++) {
      stages.add(connection.sendBinary(ByteBuffer.allocate(64 * 1024)));
    }
    for (CompletionStage<Void> stage : stages) {
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    assertThat(connection.bufferedAmount()).isZero();
  }

  @Test
  void pingPayloadOver125Rejected() throws Exception {
    WebSocketConnection connection = openEcho();

    assertThatThrownBy(() -> connection.ping(ByteBuffer.allocate(126)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("126");
  }

  @Test
  void pingGetsPongFromJetty() throws Exception {
    WebSocketConnection connection = openEcho();

    connection.ping(ByteBuffer.wrap(new byte[] {4, 2}));

    assertThat(listener.pongs.poll(5, TimeUnit.SECONDS))
        .isEqualTo(ByteBuffer.wrap(new byte[] {4, 2}));
  }

  @Test
  void stalledPeerBuffersAndAbortFailsSends() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    raw =
        RawWebSocketServer.start(
            peer -> {
              peer.accept(null);
              release.await(10, TimeUnit.SECONDS);
            });
    WebSocketConnection connection =
        factory
            .connect(ConnectRequest.builder(raw.uri("/")).build(), listener)
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    List<CompletionStage<Void>> stages = new ArrayList<>();

    for (int i = 0; i < 32; i++) {
      stages.add(connection.sendBinary(ByteBuffer.allocate(1024 * 1024)));
    }
    boolean stalled =
        Poll.until(() -> connection.bufferedAmount() > 16L * 1024 * 1024, Duration.ofSeconds(5));
    connection.abort();
    release.countDown();

    assertThat(stalled).isTrue();
    assertThat(listener.awaitClosed(5).code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
    CompletableFuture<?> last = stages.get(stages.size() - 1).toCompletableFuture();
    assertThat(Poll.until(last::isDone, Duration.ofSeconds(5))).isTrue();
    assertThat(last).isCompletedExceptionally();
    assertThat(connection.bufferedAmount()).isZero();
  }

  @Test
  void callbacksNeverOverlap() throws Exception {
    WebSocketConnection connection = openEcho();
    AtomicInteger sent = new AtomicInteger();

    for (int i = 0; i < 2000; i++) {
      connection.sendText("x");
      connection.ping(ByteBuffer.allocate(1));
      sent.incrementAndGet();
    }

    for (int i = 0; i < sent.get(); i++) {
      assertThat(listener.texts.poll(10, TimeUnit.SECONDS)).isNotNull();
    }
    assertThat(listener.overlapping.get()).isZero();
    assertThat(listener.reentrant.get()).isZero();
  }

  private WebSocketConnection openEcho() throws Exception {
    return factory
        .connect(ConnectRequest.builder(jetty.uri("/echo")).build(), listener)
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
