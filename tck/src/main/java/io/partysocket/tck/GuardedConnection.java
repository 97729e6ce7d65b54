package io.partysocket.tck;

import io.partysocket.spi.WebSocketConnection;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A {@link WebSocketConnection} decorator that marks the calling thread while each call runs, so
 * that {@link RecordingListener} can tell when the transport calls the listener on the stack of a
 * call into the connection. Thread-safe when the connection it wraps is.
 */
public final class GuardedConnection implements WebSocketConnection {

  private static final ThreadLocal<String> CURRENT_CALL = new ThreadLocal<>();

  private final WebSocketConnection delegate;

  /** Wraps {@code delegate}. */
  public GuardedConnection(WebSocketConnection delegate) {
    this.delegate = delegate;
  }

  /** Returns the connection this one wraps. */
  public WebSocketConnection delegate() {
    return delegate;
  }

  /** Returns the name of the guarded call running on this thread, or {@code null}. */
  static String currentCall() {
    return CURRENT_CALL.get();
  }

  /** Runs {@code call} with the thread marked as inside {@code name}. */
  static <T> T guard(String name, Supplier<T> call) {
    String outer = CURRENT_CALL.get();
    CURRENT_CALL.set(name);
    try {
      return call.get();
    } finally {
      CURRENT_CALL.set(outer);
    }
  }

  @Override
  public String subprotocol() {
    return guard("subprotocol", delegate::subprotocol);
  }

  @Override
  public List<String> extensions() {
    return guard("extensions", delegate::extensions);
  }

  @Override
  public CompletionStage<Void> sendText(String text) {
    return guard("sendText", () -> delegate.sendText(text));
  }

  @Override
  public CompletionStage<Void> sendBinary(ByteBuffer data) {
    return guard("sendBinary", () -> delegate.sendBinary(data));
  }

  @Override
  public CompletionStage<Void> ping(ByteBuffer payload) {
    return guard("ping", () -> delegate.ping(payload));
  }

  @Override
  public CompletionStage<Void> close(int code, String reason) {
    return guard("close", () -> delegate.close(code, reason));
  }

  @Override
  public void abort() {
    guard(
        "abort",
        () -> {
          delegate.abort();
          return null;
        });
  }

  @Override
  public long bufferedAmount() {
    return guard("bufferedAmount", delegate::bufferedAmount);
  }
}
