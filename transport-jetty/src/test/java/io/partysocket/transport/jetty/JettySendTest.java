package io.partysocket.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Sending: Jetty has no getter for the bytes it still holds, so the transport counts them; pings
 * carry their payload and pongs reach the listener.
 */
class JettySendTest extends JettyTestSupport {

  private static final int MESSAGE_BYTES = 256 * 1024;

  @Test
  void bufferedAmountCountsUnwritten() {
    server.enqueue(Handshake.accept().noEcho());
    WebSocketConnection connection =
        open(request(server.uri("/slow")).build(), new RecordingListener());
    ServerConnection peer = server.awaitConnection();
    peer.stopReading();
    List<CompletableFuture<Void>> sends = new ArrayList<>();

    for (int i = 0; i < 40; i++) {
      sends.add(connection.sendBinary(ByteBuffer.allocate(MESSAGE_BYTES)).toCompletableFuture());
    }
    long buffered = connection.bufferedAmount();

    assertThat(buffered).as("bufferedAmount while the peer reads nothing").isPositive();
    assertThat(buffered % MESSAGE_BYTES).as("bytes of partly written messages").isZero();
    assertThat(buffered).as("bufferedAmount").isLessThanOrEqualTo(40L * MESSAGE_BYTES);
    peer.resumeReading();
    await(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)));
    awaitCondition(() -> connection.bufferedAmount() == 0, "bufferedAmount 0");
  }

  @Test
  void pingCarriesPayload() {
    RecordingListener listener = new RecordingListener();
    WebSocketConnection connection = open(request(server.uri("/ping")).build(), listener);

    await(connection.ping(ByteBuffer.wrap("probe".getBytes(StandardCharsets.UTF_8))));

    assertThat(server.awaitConnection().await(ServerEvent.Ping.class, WAIT).payload())
        .isEqualTo("probe".getBytes(StandardCharsets.UTF_8));
    assertThat(listener.awaitPongs(1, WAIT).get(0))
        .isEqualTo("probe".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sendAfterCloseFails() {
    RecordingListener listener = new RecordingListener();
    WebSocketConnection connection = open(request(server.uri("/after")).build(), listener);
    await(connection.close(1000, "done"));
    listener.awaitClosed(WAIT);

    Throwable failure = awaitFailure(connection.sendText("late"));

    assertThat(failure).hasMessageContaining("closing or closed");
  }
}
