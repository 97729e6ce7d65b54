package io.partysocket.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerConnection;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Outbound cases the TCK does not cover: the oversized ping's message, the unbounded buffer. */
class JdkMessagingTest extends JdkTestSupport {

  @Test
  void pingPayloadOver125Rejected() throws Exception {
    WebSocketConnection connection = open();

    assertThatThrownBy(() -> connection.ping(ByteBuffer.allocate(126)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("126");
  }

  /** The JDK client buffers every send however slowly the peer reads; abort fails them all. */
  @Test
  void stalledPeerBuffersAndAbortFailsSends() throws Exception {
    server.enqueue(Handshake.accept().noEcho());
    WebSocketConnection connection = open();
    ServerConnection peer = server.awaitConnection();
    peer.stopReading();
    List<CompletionStage<Void>> stages = new ArrayList<>();

    for (int i = 0; i < 32; i++) {
      stages.add(connection.sendBinary(ByteBuffer.allocate(1024 * 1024)));
    }
    boolean stalled = Poll.until(() -> connection.bufferedAmount() > 16L * 1024 * 1024, WAIT);
    connection.abort();
    peer.resumeReading();

    assertThat(stalled).isTrue();
    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
    CompletableFuture<?> last = stages.get(stages.size() - 1).toCompletableFuture();
    assertThat(Poll.until(last::isDone, WAIT)).isTrue();
    assertThat(last).isCompletedExceptionally();
    assertThat(connection.bufferedAmount()).isZero();
  }

  private WebSocketConnection open() throws Exception {
    return factory
        .connect(ConnectRequest.builder(server.uri("/")).build(), listener)
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }
}
