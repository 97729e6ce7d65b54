package io.partysocket.transport.tyrus;

import static io.partysocket.transport.tyrus.TyrusTests.WAIT;
import static io.partysocket.transport.tyrus.TyrusTests.open;
import static io.partysocket.transport.tyrus.TyrusTests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseInfo;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.RecordingListener.Event;
import io.partysocket.tck.RecordingListener.Ping;
import io.partysocket.tck.RecordingListener.Text;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inbound limits and events over Tyrus, whose incoming buffer closes with 1011 when it overflows.
 */
class TyrusInboundTest {

  private static final int OPCODE_CONTINUATION = 0x0;
  private static final int OPCODE_BINARY = 0x2;

  private final TyrusWebSocketFactory factory = new TyrusWebSocketFactory();
  private final RecordingListener listener = new RecordingListener();
  private ScriptedServer server;

  @BeforeEach
  void start() throws Exception {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    factory.close();
    server.close();
    assertThat(listener.violations()).as("listener contract violations").isEmpty();
  }

  @Test
  void frameOverLimitClosesWith1009() throws Exception {
    open(factory, request(server.uri("/limit")).maxInboundMessageBytes(1024).build(), listener);
    ServerConnection peer = server.awaitConnection();

    peer.sendBinary(new byte[8 << 20]);

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1009);
    CloseInfo closed = listener.awaitClosed(WAIT);
    assertThat(closed.code()).isEqualTo(1009);
    assertThat(closed.remote()).as("remote").isFalse();
    assertThat(closed.clean()).as("clean").isTrue();
    assertThat(listener.binaries()).isEmpty();
  }

  @Test
  void fragmentsOverLimitCloseWith1009() throws Exception {
    open(factory, request(server.uri("/limit")).maxInboundMessageBytes(1024).build(), listener);
    ServerConnection peer = server.awaitConnection();

    peer.sendBinary(new byte[1024]);
    peer.sendFrame(OPCODE_BINARY, false, new byte[600]);
    peer.sendFrame(OPCODE_CONTINUATION, true, new byte[600]);

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1009);
    assertThat(listener.awaitClosed(WAIT).code()).isEqualTo(1009);
    assertThat(listener.binaries()).hasSize(1);
  }

  @Test
  void messageOverTyrusDefaultBuffer() throws Exception {
    byte[] message = new byte[5 << 20];
    new Random(5).nextBytes(message);
    open(factory, request(server.uri("/large")).build(), listener);
    ServerConnection peer = server.awaitConnection();

    peer.sendBinary(message);

    byte[] received = listener.awaitBinaries(1, WAIT).get(0);
    assertThat(received.length).isEqualTo(message.length);
    assertThat(Arrays.equals(received, message)).as("received bytes equal the sent bytes").isTrue();
  }

  @Test
  void messagesAtLimitInSmallChunks() throws Exception {
    open(factory, request(server.uri("/chunks")).maxInboundMessageBytes(200).build(), listener);
    ServerConnection peer = server.awaitConnection();
    byte[] frames = new byte[0];
    for (int i = 0; i < 20; i++) {
      frames = concat(frames, binaryFrame(new byte[200]));
    }

    for (int offset = 0; offset < frames.length; offset += 7) {
      peer.sendRaw(Arrays.copyOfRange(frames, offset, Math.min(frames.length, offset + 7)));
    }

    assertThat(listener.awaitBinaries(20, WAIT)).allSatisfy(data -> assertThat(data).hasSize(200));
    assertThat(listener.closed()).as("closed").isFalse();
  }

  @Test
  void pingKeepsWireOrder() throws Exception {
    open(factory, request(server.uri("/order")).build(), listener);
    ServerConnection peer = server.awaitConnection();

    peer.sendText("before");
    peer.ping("in-between".getBytes(StandardCharsets.UTF_8));
    peer.sendText("after");

    listener.awaitTexts(2, WAIT);
    List<Event> events = listener.events();
    assertThat(events.subList(1, events.size()))
        .extracting(TyrusInboundTest::describe)
        .containsExactly("text before", "ping in-between", "text after");
    assertThat(peer.await(ServerEvent.Pong.class, WAIT).payload())
        .isEqualTo("in-between".getBytes(StandardCharsets.UTF_8));
  }

  private static String describe(Event event) {
    if (event instanceof Text text) {
      return "text " + text.text();
    }
    if (event instanceof Ping ping) {
      return "ping " + new String(ping.payload(), StandardCharsets.UTF_8);
    }
    return event.toString();
  }

  /** Returns an unmasked, final binary frame with a 16-bit length field. */
  private static byte[] binaryFrame(byte[] payload) {
    byte[] frame = new byte[4 + payload.length];
    frame[0] = (byte) (0x80 | OPCODE_BINARY);
    frame[1] = 126;
    frame[2] = (byte) (payload.length >> 8);
    frame[3] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 4, payload.length);
    return frame;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] joined = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    return joined;
  }
}
