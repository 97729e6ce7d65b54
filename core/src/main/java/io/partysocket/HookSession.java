package io.partysocket;

import io.partysocket.spi.WebSocketConnection;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The connect hook's view of one connection: sends go straight to it, ahead of the queue. */
final class HookSession implements ConnectHook.Session {
  private final Engine engine;
  private final Attempt attempt;

  HookSession(Engine engine, Attempt attempt) {
    this.engine = engine;
    this.attempt = attempt;
  }

  @Override
  public CompletionStage<Void> send(String text) {
    Objects.requireNonNull(text, "text");
    WebSocketConnection connection = liveConnection();
    return connection == null ? notOpen() : connection.sendText(text);
  }

  @Override
  public CompletionStage<Void> send(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    WebSocketConnection connection = liveConnection();
    return connection == null ? notOpen() : connection.sendBinary(data.duplicate());
  }

  @Override
  public String protocol() {
    WebSocketConnection connection = attempt.connection;
    String subprotocol = connection == null ? null : connection.subprotocol();
    return subprotocol == null ? "" : subprotocol;
  }

  @Override
  public String url() {
    return engine.url();
  }

  private WebSocketConnection liveConnection() {
    return engine.liveConnection(attempt);
  }

  private CompletionStage<Void> notOpen() {
    return CompletableFuture.failedFuture(
        new IllegalStateException("the connection of this connect hook is no longer open"));
  }
}
