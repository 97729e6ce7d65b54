package io.partysocket.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectFailedException.Kind;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.RecordingListener;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ScriptedServer;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Permessage-deflate (RFC 7692) against a scripted server that compresses with {@link Deflater}:
 * the size limit and the UTF-8 check apply to the inflated message.
 */
class NettyDeflateTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private static final int TEXT = 0x1;
  private static final int BINARY = 0x2;

  /** RSV1, the bit that marks a compressed message, as the scripted server numbers the bits. */
  private static final int RSV1 = 4;

  /** The bytes a sync flush ends with, which permessage-deflate leaves off the wire. */
  private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

  private final NettyWebSocketFactory factory = new NettyWebSocketFactory();
  private final RecordingListener listener = new RecordingListener();
  private ScriptedServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    factory.close();
    server.close();
    assertThat(listener.violations()).as("listener contract violations").isEmpty();
  }

  @Test
  void negotiatesAndInflates() throws Exception {
    server.enqueue(Handshake.accept().extensions("permessage-deflate"));
    WebSocketConnection connection =
        open(ConnectRequest.builder(server.uri("/")).compression(true));
    ServerConnection peer = server.awaitConnection();

    peer.sendFrame(TEXT, true, RSV1, deflate(utf8("hello hello hello")));

    assertThat(peer.headerValues("Sec-WebSocket-Extensions")).containsExactly("permessage-deflate");
    assertThat(connection.extensions()).containsExactly("permessage-deflate");
    assertThat(listener.awaitTexts(1, WAIT)).containsExactly("hello hello hello");
  }

  /**
   * The scripted server implements no extension, so it keeps the compressed payload as it arrived
   * and reports the RSV1 bit of the client's frame as a violation.
   */
  @Test
  void compressesOutbound() throws Exception {
    server.enqueue(Handshake.accept().extensions("permessage-deflate").noEcho());
    WebSocketConnection connection =
        open(ConnectRequest.builder(server.uri("/")).compression(true));
    ServerConnection peer = server.awaitConnection();
    byte[] message = utf8("compressible ".repeat(1000));

    connection.sendBinary(ByteBuffer.wrap(message)).toCompletableFuture().get(5, TimeUnit.SECONDS);

    byte[] payload = peer.await(ServerEvent.Binary.class, WAIT).data();
    assertThat(peer.events(ServerEvent.Violation.class))
        .extracting(ServerEvent.Violation::description)
        .anyMatch(description -> description.contains("reserved bits " + RSV1));
    assertThat(payload.length).isLessThan(message.length / 10);
    assertThat(inflate(payload)).isEqualTo(message);
  }

  /** A small frame that inflates past the limit must not be inflated in full. */
  @Test
  void inflatedFrameOverLimitCloses1009() throws Exception {
    byte[] bomb = deflate(new byte[4 << 20]);
    server.enqueue(Handshake.accept().extensions("permessage-deflate"));
    open(
        ConnectRequest.builder(server.uri("/"))
            .compression(true)
            .maxInboundMessageBytes(64 * 1024));
    ServerConnection peer = server.awaitConnection();

    peer.sendFrame(BINARY, true, RSV1, bomb);

    ServerEvent.Close close = peer.await(ServerEvent.Close.class, WAIT);
    CloseInfo info = listener.awaitClosed(WAIT);
    assertThat(bomb.length).isLessThan(64 * 1024);
    assertThat(close.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(info.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(listener.binaries()).isEmpty();
  }

  @Test
  void inflatedInvalidUtf8Closes1007() throws Exception {
    server.enqueue(Handshake.accept().extensions("permessage-deflate"));
    open(ConnectRequest.builder(server.uri("/")).compression(true));
    ServerConnection peer = server.awaitConnection();

    peer.sendFrame(TEXT, true, RSV1, deflate(new byte[] {'o', 'k', (byte) 0xC3, '('}));

    ServerEvent.Close close = peer.await(ServerEvent.Close.class, WAIT);
    CloseInfo info = listener.awaitClosed(WAIT);
    assertThat(close.code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(info.code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(listener.texts()).isEmpty();
  }

  @Test
  void otherExtensionFails() throws Exception {
    server.enqueue(Handshake.accept().extensions("x-foo"));

    ExecutionException failure =
        catchThrowableOfType(
            ExecutionException.class,
            () -> open(ConnectRequest.builder(server.uri("/")).compression(true)));

    assertThat(failure.getCause())
        .isInstanceOfSatisfying(
            ConnectFailedException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
  }

  @Test
  void declinedOfferOpensUncompressed() throws Exception {
    server.enqueue(Handshake.accept().noEcho());
    WebSocketConnection connection =
        open(ConnectRequest.builder(server.uri("/")).compression(true));
    ServerConnection peer = server.awaitConnection();

    connection.sendText("plain").toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertThat(connection.extensions()).isEmpty();
    assertThat(peer.await(ServerEvent.Text.class, WAIT).text()).isEqualTo("plain");
    assertThat(peer.events(ServerEvent.Violation.class))
        .as("violations, such as reserved bits on the client's frame")
        .isEmpty();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns the payload of one compressed message: raw deflate with the sync-flush tail removed.
   */
  private static byte[] deflate(byte[] message) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(message);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int count;
    do {
      count = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      out.write(buffer, 0, count);
    } while (count == buffer.length);
    deflater.end();
    byte[] bytes = out.toByteArray();
    assertThat(Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length)).isEqualTo(TAIL);
    return Arrays.copyOf(bytes, bytes.length - 4);
  }

  private static byte[] inflate(byte[] payload) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
    System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
    inflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int count;
    while ((count = inflater.inflate(buffer)) > 0) {
      out.write(buffer, 0, count);
    }
    inflater.end();
    return out.toByteArray();
  }

  private WebSocketConnection open(ConnectRequest.Builder request) throws Exception {
    return factory
        .connect(request.build(), listener)
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }
}
