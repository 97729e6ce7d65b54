package io.partysocket.tck.adapters;

import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.TransportCapabilities;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.spi.WebSocketFactory;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A deliberately naive adapter over {@code java.net.http.WebSocket}, written the way a first
 * attempt looks: it calls the JDK's send methods from whatever thread the caller uses, without a
 * queue of its own, trusts {@code abort()} to report the end, and sets no close timer. The TCK must
 * catch each of these. Not for use outside the TCK's own tests.
 *
 * <p>Thread-safe in the sense the JDK client is, which is exactly what the TCK shows is not enough.
 */
public final class NaiveJdkWebSocketFactory implements WebSocketFactory {

  private final HttpClient client = HttpClient.newHttpClient();

  @Override
  public String name() {
    return "tck-naive-jdk";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public TransportCapabilities capabilities() {
    return TransportCapabilities.builder()
        .pingWithPayload(true)
        .pongEvents(true)
        .writeCompletion(true)
        .build();
  }

  @Override
  public CompletionStage<WebSocketConnection> connect(
      ConnectRequest request, ConnectionListener listener) {
    WebSocket.Builder builder =
        client.newWebSocketBuilder().connectTimeout(request.connectTimeout());
    request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
    List<String> offered = request.subprotocols();
    if (!offered.isEmpty()) {
      builder.subprotocols(
          offered.get(0), offered.subList(1, offered.size()).toArray(String[]::new));
    }
    Connection connection = new Connection(listener);
    return builder
        .buildAsync(request.uri(), connection)
        .<WebSocketConnection>thenApply(socket -> connection)
        .exceptionallyCompose(
            failure ->
                CompletableFuture.failedFuture(
                    new ConnectFailedException(
                        ConnectFailedException.Kind.IO, "naive connect failed", failure)));
  }

  @Override
  public void close() {
    // The JDK 17 client cannot be closed; its threads end when it becomes unreachable.
  }

  /** The connection and the JDK listener in one object. */
  private static final class Connection implements WebSocketConnection, WebSocket.Listener {
    private final ConnectionListener listener;
    private final ByteArrayOutputStream parts = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();
    private volatile WebSocket socket;

    Connection(ConnectionListener listener) {
      this.listener = listener;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket;
      listener.onOpen(this);
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        listener.onText(message);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      parts.writeBytes(chunk);
      if (last) {
        byte[] message = parts.toByteArray();
        parts.reset();
        listener.onBinary(ByteBuffer.wrap(message));
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      listener.onPong(message);
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      listener.onClosed(CloseInfo.remoteClose(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      listener.onClosed(CloseInfo.abnormal(true, error));
    }

    @Override
    public String subprotocol() {
      String selected = socket.getSubprotocol();
      return selected == null || selected.isEmpty() ? null : selected;
    }

    @Override
    public List<String> extensions() {
      return List.of();
    }

    @Override
    public CompletionStage<Void> sendText(String message) {
      return socket.sendText(message, true).thenApply(ws -> null);
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data) {
      return socket.sendBinary(data.duplicate(), true).thenApply(ws -> null);
    }

    @Override
    public CompletionStage<Void> ping(ByteBuffer payload) {
      return socket.sendPing(payload.duplicate()).thenApply(ws -> null);
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
      return socket.sendClose(code, reason).thenApply(ws -> null);
    }

    @Override
    public void abort() {
      socket.abort();
    }

    @Override
    public long bufferedAmount() {
      return 0;
    }
  }
}
