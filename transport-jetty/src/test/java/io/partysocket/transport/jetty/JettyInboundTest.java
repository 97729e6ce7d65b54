package io.partysocket.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseInfo;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.RecordingListener.Binary;
import io.partysocket.tck.internal.Frame;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inbound messages: the request's size limit replaces Jetty's 64 KiB defaults for text, binary and
 * frames, and binary buffers stay intact after Jetty reuses its own.
 */
class JettyInboundTest extends JettyTestSupport {

  private static final int JETTY_DEFAULT_LIMIT = 64 * 1024;

  private ServerConnection openWithLimit(long limit, RecordingListener listener) {
    open(request(server.uri("/limit")).maxInboundMessageBytes(limit).build(), listener);
    return server.awaitConnection();
  }

  @Test
  void textAboveJettyDefaultDelivered() {
    RecordingListener listener = new RecordingListener();
    ServerConnection peer = openWithLimit(4 * JETTY_DEFAULT_LIMIT, listener);
    String text = "t".repeat(3 * JETTY_DEFAULT_LIMIT);

    peer.sendText(text);

    assertThat(listener.awaitTexts(1, WAIT).get(0)).isEqualTo(text);
  }

  @Test
  void binaryAboveJettyDefaultDelivered() {
    RecordingListener listener = new RecordingListener();
    ServerConnection peer = openWithLimit(4 * JETTY_DEFAULT_LIMIT, listener);
    byte[] data = new byte[3 * JETTY_DEFAULT_LIMIT];
    Arrays.fill(data, (byte) 7);

    peer.sendBinary(data);

    assertThat(listener.awaitBinaries(1, WAIT).get(0)).isEqualTo(data);
  }

  @Test
  void fragmentsAboveJettyDefaultDelivered() {
    RecordingListener listener = new RecordingListener();
    ServerConnection peer = openWithLimit(4 * JETTY_DEFAULT_LIMIT, listener);
    byte[] half = new byte[JETTY_DEFAULT_LIMIT + 1];

    peer.sendFrame(Frame.OP_BINARY, false, half);
    peer.sendFrame(Frame.OP_CONTINUATION, true, half);

    assertThat(listener.awaitBinaries(1, WAIT).get(0)).hasSize(2 * half.length);
  }

  @Test
  void textOverLimitClosesWith1009() {
    RecordingListener listener = new RecordingListener();
    ServerConnection peer = openWithLimit(1000, listener);

    peer.sendText("x".repeat(1000));
    peer.sendText("x".repeat(1001));

    assertThat(listener.awaitTexts(1, WAIT).get(0)).hasSize(1000);
    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1009);
    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1009);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(listener.texts()).hasSize(1);
  }

  @Test
  void binaryOverLimitClosesWith1009() {
    RecordingListener listener = new RecordingListener();
    ServerConnection peer = openWithLimit(4 * JETTY_DEFAULT_LIMIT, listener);

    peer.sendBinary(new byte[4 * JETTY_DEFAULT_LIMIT + 1]);

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1009);
    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(1009);
    assertThat(listener.binaries()).isEmpty();
  }

  @Test
  void binaryBuffersOutliveJettyBuffers() {
    RecordingListener listener = new RecordingListener();
    ServerConnection peer = openWithLimit(4 * JETTY_DEFAULT_LIMIT, listener);
    int count = 20;

    for (int i = 0; i < count; i++) {
      byte[] data = new byte[1000 + i];
      Arrays.fill(data, (byte) i);
      peer.sendBinary(data);
      peer.sendFrame(Frame.OP_BINARY, false, data);
      peer.sendFrame(Frame.OP_CONTINUATION, true, data);
    }
    listener.awaitBinaries(2 * count, WAIT);

    List<Binary> binaries = listener.events(Binary.class);
    for (int i = 0; i < binaries.size(); i++) {
      byte[] now = new byte[binaries.get(i).data().remaining()];
      binaries.get(i).data().duplicate().get(now);
      assertThat(now)
          .as("buffer of message %d after later messages", i)
          .isEqualTo(binaries.get(i).copy());
    }
  }
}
