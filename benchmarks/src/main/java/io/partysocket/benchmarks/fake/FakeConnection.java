package io.partysocket.benchmarks.fake;

import io.partysocket.benchmarks.fake.FakeTransport.WriteMode;
import io.partysocket.spi.WebSocketConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An open connection of {@link FakeTransport}. It counts the messages handed to it and keeps
 * nothing else of them. In {@link WriteMode#IMMEDIATE} every send returns one shared, already
 * completed stage, so the fake allocates nothing per message. In {@link WriteMode#HELD} each send
 * returns a new stage that completes in {@link #completeHeldWrites()}.
 *
 * <p>{@code close} and {@code abort} end the connection and fail the held writes, but the listener
 * never receives {@code onClosed}: a benchmark drops its socket rather than closing it.
 *
 * <p>Thread-safe: the counters and held stages are guarded by {@code this}.
 */
public final class FakeConnection implements WebSocketConnection {

  private static final CompletionStage<Void> WRITTEN = CompletableFuture.completedStage(null);

  private final WriteMode writeMode;

  // Guarded by this.
  private long messages;
  private final ArrayDeque<CompletableFuture<Void>> pendingWrites = new ArrayDeque<>();
  private boolean ended;

  FakeConnection(WriteMode writeMode) {
    this.writeMode = writeMode;
  }

  @Override
  public String subprotocol() {
    return null;
  }

  @Override
  public List<String> extensions() {
    return List.of();
  }

  @Override
  public CompletionStage<Void> sendText(String text) {
    return write();
  }

  @Override
  public CompletionStage<Void> sendBinary(ByteBuffer data) {
    return write();
  }

  private synchronized CompletionStage<Void> write() {
    if (ended) {
      return CompletableFuture.failedStage(new IOException("connection ended"));
    }
    messages++;
    if (writeMode == WriteMode.IMMEDIATE) {
      return WRITTEN;
    }
    CompletableFuture<Void> stage = new CompletableFuture<>();
    pendingWrites.addLast(stage);
    return stage;
  }

  /** Completes every held write stage, oldest first, and returns how many it completed. */
  public int completeHeldWrites() {
    List<CompletableFuture<Void>> stages = takePendingWrites();
    for (CompletableFuture<Void> stage : stages) {
      stage.complete(null);
    }
    return stages.size();
  }

  /** Returns the number of messages handed to this connection, whatever their write mode. */
  public synchronized long messages() {
    return messages;
  }

  /** Returns the number of write stages not yet completed. */
  public synchronized int heldWrites() {
    return pendingWrites.size();
  }

  @Override
  public CompletionStage<Void> ping(ByteBuffer payload) {
    return WRITTEN;
  }

  @Override
  public CompletionStage<Void> close(int code, String reason) {
    end();
    return WRITTEN;
  }

  @Override
  public void abort() {
    end();
  }

  @Override
  public long bufferedAmount() {
    return 0;
  }

  private void end() {
    List<CompletableFuture<Void>> stages;
    synchronized (this) {
      ended = true;
      stages = takePendingWrites();
    }
    IOException failure = new IOException("connection ended before the write");
    for (CompletableFuture<Void> stage : stages) {
      stage.completeExceptionally(failure);
    }
  }

  private synchronized List<CompletableFuture<Void>> takePendingWrites() {
    List<CompletableFuture<Void>> stages = new ArrayList<>(pendingWrites);
    pendingWrites.clear();
    return stages;
  }
}
