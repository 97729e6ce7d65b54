package io.partysocket.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The opening handshake: the traps of Netty's raw client handshaker. */
class NettyHandshakeTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final NettyWebSocketFactory factory = new NettyWebSocketFactory();
  private ScriptedServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    factory.close();
    server.close();
  }

  @Test
  void noSelectedSubprotocolOpens() throws Exception {
    server.enqueue(Handshake.accept().noSubprotocol());
    ConnectRequest request =
        ConnectRequest.builder(server.uri("/")).subprotocols(List.of("chat.v1", "chat.v2")).build();

    WebSocketConnection connection = open(request, new RecordingListener());

    assertThat(connection.subprotocol()).isNull();
    assertThat(server.awaitConnection().headerValues("Sec-WebSocket-Protocol"))
        .containsExactly("chat.v1, chat.v2");
  }

  @Test
  void subprotocolWithoutOfferFails() throws Exception {
    server.enqueue(Handshake.accept().subprotocol("chat.v1"));

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(server.uri("/")).build(), new RecordingListener());

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
  }

  @Test
  void redirectReportedNotFollowed() throws Exception {
    server.enqueue(
        Handshake.reject(302).header("Location", "ws://127.0.0.1:1/elsewhere").body("moved"));

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(server.uri("/")).build(), new RecordingListener());

    assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(failure.httpStatus()).isEqualTo(302);
    assertThat(failure.responseHeader("location")).isEqualTo("ws://127.0.0.1:1/elsewhere");
    assertThat(failure.responseBody()).isEqualTo("moved");
  }

  @Test
  void longRejectionBodyTruncated() throws Exception {
    String body = "x".repeat(100_000);
    server.enqueue(Handshake.reject(500).body(body));

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(server.uri("/")).build(), new RecordingListener());

    assertThat(failure.httpStatus()).isEqualTo(500);
    assertThat(failure.responseBody()).isEqualTo(body.substring(0, 1024));
  }

  /**
   * A 101 response that fails the checks, with a frame in the same write: after the 101 Netty's
   * codec passes raw bytes on, which must not be read as HTTP, and the client must close.
   */
  @Test
  void failedUpgradeWithFrameCloses() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (CannedServer canned =
        CannedServer.start(
            accept ->
                concat(upgradeResponse("d3JvbmcgYWNjZXB0IGtleQ=="), textFrame("behind the 101")))) {

      ConnectFailedException failure =
          connectFailure(ConnectRequest.builder(canned.uri()).build(), listener);

      assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
      assertThat(canned.awaitClientClose()).as("client closed the socket").isTrue();
      assertThat(listener.events()).isEmpty();
    }
  }

  /** A rejection on a connection the server keeps open, followed by bytes that are not HTTP. */
  @Test
  void rejectionWithTrailingBytesCloses() throws Exception {
    String response =
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\n"
            + "Content-Length: 6\r\n\r\ndenied\u0000\u0001 not HTTP \r\n\r\n";
    try (CannedServer canned =
        CannedServer.start(accept -> response.getBytes(StandardCharsets.ISO_8859_1))) {

      ConnectFailedException failure =
          connectFailure(ConnectRequest.builder(canned.uri()).build(), new RecordingListener());

      assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
      assertThat(failure.httpStatus()).isEqualTo(401);
      assertThat(failure.responseHeader("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(failure.responseBody()).isEqualTo("denied");
      assertThat(canned.awaitClientClose()).as("client closed the socket").isTrue();
    }
  }

  @Test
  void frameBehindTheUpgradeDelivered() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (CannedServer canned =
        CannedServer.start(accept -> concat(upgradeResponse(accept), textFrame("first")))) {

      open(ConnectRequest.builder(canned.uri()).build(), listener);

      assertThat(listener.awaitTexts(1, WAIT)).containsExactly("first");
    }
  }

  /** With compression off the client offers no extension, so naming one breaks the handshake. */
  @Test
  void unofferedDeflateFails() throws Exception {
    server.enqueue(Handshake.accept().extensions("permessage-deflate"));

    ConnectFailedException failure =
        connectFailure(ConnectRequest.builder(server.uri("/")).build(), new RecordingListener());

    assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
  }

  @Test
  void sendsNoOriginUnlessRequested() throws Exception {
    open(ConnectRequest.builder(server.uri("/a")).build(), new RecordingListener());
    open(
        ConnectRequest.builder(server.uri("/b")).header("Origin", "https://app.example").build(),
        new RecordingListener());

    assertThat(server.awaitConnection().headerValues("Origin")).isEmpty();
    assertThat(server.awaitConnection().headerValues("Origin"))
        .containsExactly("https://app.example");
  }

  @Test
  void sendsHeadersPathAndQuery() throws Exception {
    ConnectRequest request =
        ConnectRequest.builder(server.uri("/room/abc?token=s3cret"))
            .header("Authorization", "Bearer t0ken")
            .header("X-Multi", "one")
            .header("X-Multi", "two")
            .build();

    open(request, new RecordingListener());
    ServerConnection peer = server.awaitConnection();

    assertThat(peer.path()).isEqualTo("/room/abc");
    assertThat(peer.query()).isEqualTo("token=s3cret");
    assertThat(peer.headerValues("Authorization")).containsExactly("Bearer t0ken");
    assertThat(peer.headerValues("X-Multi"))
        .as("one header line per value")
        .containsExactly("one", "two");
    assertThat(peer.offeredExtensions()).isEmpty();
  }

  @Test
  void cancelledConnectClosesSocket() throws Exception {
    server.enqueue(Handshake.stall());
    RecordingListener listener = new RecordingListener();
    CompletableFuture<WebSocketConnection> stage =
        factory
            .connect(
                ConnectRequest.builder(server.uri("/"))
                    .connectTimeout(Duration.ofSeconds(10))
                    .build(),
                listener)
            .toCompletableFuture();
    ServerConnection peer = server.awaitConnection();

    boolean cancelled = stage.cancel(false);

    assertThat(cancelled).isTrue();
    assertThat(peer.awaitTcpEnd(WAIT))
        .as("how the client ended the stalled connection")
        .isNotEqualTo(ServerEvent.How.SERVER_CLOSED);
    assertThat(Poll.until(() -> factory.liveConnections() == 0, WAIT)).isTrue();
    assertThat(listener.events()).isEmpty();
  }

  private WebSocketConnection open(ConnectRequest request, RecordingListener listener)
      throws Exception {
    return factory.connect(request, listener).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private ConnectFailedException connectFailure(ConnectRequest request, RecordingListener listener)
      throws Exception {
    try {
      factory.connect(request, listener).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ConnectFailedException.class);
      return (ConnectFailedException) e.getCause();
    }
    throw new AssertionError("The connect succeeded but should have failed");
  }

  /** Returns a 101 response with {@code accept} as its Sec-WebSocket-Accept value. */
  private static byte[] upgradeResponse(String accept) {
    String response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + accept
            + "\r\n\r\n";
    return response.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Returns an unmasked text frame, as a server sends it; the text must be under 126 bytes. */
  private static byte[] textFrame(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81); // FIN and the text opcode
    frame.write(payload.length);
    frame.writeBytes(payload);
    return frame.toByteArray();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(first);
    bytes.writeBytes(second);
    return bytes.toByteArray();
  }

  /**
   * A server for the few responses {@link ScriptedServer} cannot send: it accepts one connection on
   * 127.0.0.1, reads the request head, writes the bytes its response function builds from the
   * matching {@code Sec-WebSocket-Accept} value in a single write, keeps the connection open, and
   * records whether the client then closes it within 5 seconds.
   */
  private static final class CannedServer implements AutoCloseable {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    private final ServerSocket listener;
    private final Thread thread;
    private final CountDownLatch clientClosed = new CountDownLatch(1);
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    /** The accepted socket, written by the server thread and closed by {@link #close()}. */
    private volatile Socket accepted;

    private CannedServer(ServerSocket listener, Function<String, byte[]> response) {
      this.listener = listener;
      this.thread = new Thread(() -> serve(response), "canned-response-server");
      thread.setDaemon(true);
    }

    static CannedServer start(Function<String, byte[]> response) throws IOException {
      CannedServer server =
          new CannedServer(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()), response);
      server.thread.start();
      return server;
    }

    URI uri() {
      return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/");
    }

    /** Returns whether the client closed or reset the connection within 5 seconds. */
    boolean awaitClientClose() throws InterruptedException {
      return clientClosed.await(5, TimeUnit.SECONDS);
    }

    private void serve(Function<String, byte[]> response) {
      try (Socket socket = listener.accept()) {
        accepted = socket;
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        out.write(response.apply(acceptValue(readKey(in))));
        out.flush();
        if (in.read() < 0) {
          clientClosed.countDown();
        }
      } catch (SocketTimeoutException e) {
        // The client kept the connection open; awaitClientClose() reports it.
      } catch (SocketException e) {
        // A reset by the client also closes the connection.
        clientClosed.countDown();
      } catch (IOException e) {
        failure.set(e);
      }
    }

    /** Reads the request head and returns its Sec-WebSocket-Key value. */
    private static String readKey(InputStream in) throws IOException {
      String end = "\r\n\r\n";
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < end.length()) {
        int b = in.read();
        if (b < 0 || head.size() >= MAX_HEAD_BYTES) {
          throw new EOFException("no complete request head in " + head.size() + " bytes");
        }
        head.write(b);
        matched = b == end.charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
      throw new IOException("request has no Sec-WebSocket-Key header");
    }

    private static String acceptValue(String key) {
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-1")
                .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 is missing from this JVM", e);
      }
    }

    @Override
    public void close() throws IOException, InterruptedException {
      listener.close();
      Socket socket = accepted;
      if (socket != null) {
        socket.close();
      }
      thread.join(5000);
      assertThat(failure.get()).as("failure of the canned server").isNull();
    }
  }
}
