package io.partysocket.transport.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Sending through OkHttp's outbound queue: its 16 MiB cap, bufferedAmount and write timeout. */
class OkHttpSendTest extends OkHttpFixture {

  private static final int MIB = 1024 * 1024;

  private RecordingListener listener;
  private WebSocketConnection connection;
  private ServerConnection peer;

  private void openSilentPeer() {
    server.enqueue(Handshake.accept().noEcho());
    listener = listener();
    connection = open(request(server.uri("/send")).build(), listener);
    peer = server.awaitConnection();
  }

  @Test
  void oversizedMessageFailsOnly() {
    openSilentPeer();

    Throwable failure = awaitFailure(connection.sendBinary(ByteBuffer.allocate(16 * MIB + 1)));
    await(connection.sendText("still open"));

    assertThat(failure).hasMessageContaining("16777216");
    assertThat(peer.await(ServerEvent.Text.class, WAIT).text()).isEqualTo("still open");
    assertThat(listener.closed()).as("closed").isFalse();
  }

  @Test
  void queueOverflowFailsAndCloses() {
    openSilentPeer();
    peer.stopReading();
    List<CompletableFuture<Void>> sends = new ArrayList<>();

    // 40 MiB cannot fit into OkHttp's 16 MiB queue plus the socket buffers of a stalled peer.
    for (int i = 0;
        i < 40 && sends.stream().noneMatch(CompletableFuture::isCompletedExceptionally);
        i++) {
      sends.add(connection.sendBinary(ByteBuffer.allocate(MIB)).toCompletableFuture());
    }
    CompletableFuture<Void> rejected = sends.get(sends.size() - 1);
    Throwable failure = awaitFailure(rejected);
    CompletionStage<Void> afterwards = connection.sendText("after the overflow");
    peer.resumeReading();

    assertThat(failure).hasMessageContaining("queue is full");
    assertThat(awaitFailure(afterwards)).as("send after the overflow").isNotNull();
    assertThat(peer.await(ServerEvent.Close.class, Duration.ofSeconds(10)).code()).isEqualTo(1001);
    CloseInfo closed = listener.awaitClosed(Duration.ofSeconds(10));
    assertThat(closed.code()).isEqualTo(1001);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(closed.cause()).as("cause").isSameAs(failure);
  }

  @Test
  void bufferedAmountIsOkHttpQueue() throws InterruptedException {
    openSilentPeer();
    peer.stopReading();
    List<CompletableFuture<Void>> sends = new ArrayList<>();

    for (int i = 0; i < 40; i++) {
      sends.add(connection.sendBinary(ByteBuffer.allocate(256 * 1024)).toCompletableFuture());
    }
    long whileStalled = connection.bufferedAmount();
    boolean allCompleted =
        sends.stream().allMatch(s -> s.isDone() && !s.isCompletedExceptionally());
    peer.resumeReading();

    assertThat(allCompleted).as("stages complete once OkHttp queued the messages").isTrue();
    assertThat(whileStalled).as("bufferedAmount while the peer does not read").isPositive();
    assertThat(whileStalled).isLessThanOrEqualTo(40L * 256 * 1024);
    assertThat(peer.awaitCount(ServerEvent.Binary.class, 40, Duration.ofSeconds(20))).hasSize(40);
    // OkHttp lowers its queue size after the write returned, which can be after the peer read it.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (connection.bufferedAmount() > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    assertThat(connection.bufferedAmount()).as("bufferedAmount after delivery").isZero();
  }

  @Test
  void writeTimeoutEndsConnectionToStalledPeer() {
    OkHttpClient client = new OkHttpClient.Builder().writeTimeout(Duration.ofMillis(500)).build();
    factory = new OkHttpWebSocketFactory(client);
    openSilentPeer();
    peer.stopReading();
    long start = System.nanoTime();

    for (int i = 0; i < 15; i++) {
      connection.sendBinary(ByteBuffer.allocate(MIB));
    }

    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1006);
    assertThat(closed.remote()).as("remote").isTrue();
    // The write timeout closes the socket; OkHttp's reader may report that first, as "Socket
    // closed".
    assertThat(closed.cause()).isInstanceOf(IOException.class);
    assertThat(millisSince(start)).isLessThan(WAIT.toMillis());
  }
}
