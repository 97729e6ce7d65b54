package io.partysocket.transport.jdk.internal;

import io.partysocket.spi.support.ConnectFailures;
import io.partysocket.spi.support.SendTracker;
import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The outbound FIFO of one JDK WebSocket. {@link WebSocket} accepts one outstanding data message
 * and one outstanding ping at a time and fails any other with "Send pending", so this queue hands
 * frames to it one at a time, each after the previous one was written.
 *
 * <p>Thread-safe. Frames may be added from any thread; the frame that follows a written one is
 * handed over on the thread that completed the write.
 */
final class SendQueue {

  /** One frame waiting for its turn. */
  static final class Item {
    final SendTracker.Send send;
    final Function<WebSocket, CompletableFuture<WebSocket>> write;

    Item(SendTracker.Send send, Function<WebSocket, CompletableFuture<WebSocket>> write) {
      this.send = Objects.requireNonNull(send, "send");
      this.write = Objects.requireNonNull(write, "write");
    }
  }

  private final WebSocket webSocket;
  private final Object lock = new Object();

  /** Frames not handed to the JDK yet. Guarded by {@link #lock}. */
  private final ArrayDeque<Item> items = new ArrayDeque<>();

  /** Whether a frame was handed to the JDK and has not completed. Guarded by {@link #lock}. */
  private boolean inFlight;

  /** Whether the queue accepts no more frames. Guarded by {@link #lock}. */
  private boolean stopped;

  /** Counts calls to {@link #pump()}; the caller that raises it from zero runs the loop. */
  private final AtomicInteger pumpRequests = new AtomicInteger();

  SendQueue(WebSocket webSocket) {
    this.webSocket = Objects.requireNonNull(webSocket, "webSocket");
  }

  /**
   * Adds a frame behind the others. Call {@link #pump()} afterwards, outside any lock.
   *
   * @return false if the queue was stopped; the caller then fails the send
   */
  boolean add(Item item) {
    synchronized (lock) {
      if (stopped) {
        return false;
      }
      items.add(item);
      return true;
    }
  }

  /**
   * Hands the next frame to the JDK if none is in flight. A loop instead of recursion, so that
   * writes that complete at once do not deepen the stack.
   */
  void pump() {
    if (pumpRequests.getAndIncrement() != 0) {
      return;
    }
    do {
      Item next = takeNext();
      if (next != null) {
        write(next);
      }
    } while (pumpRequests.decrementAndGet() != 0);
  }

  /**
   * Stops the queue and fails the frames not handed to the JDK yet. The frame in flight, if any,
   * completes as the JDK reports it.
   */
  void stop(Throwable cause) {
    List<Item> dropped;
    synchronized (lock) {
      stopped = true;
      dropped = new ArrayList<>(items);
      items.clear();
    }
    for (Item item : dropped) {
      item.send.fail(cause);
    }
  }

  private Item takeNext() {
    synchronized (lock) {
      if (inFlight || stopped || items.isEmpty()) {
        return null;
      }
      inFlight = true;
      return items.poll();
    }
  }

  private void write(Item item) {
    CompletableFuture<WebSocket> written;
    try {
      written = item.write.apply(webSocket);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    written.whenComplete(
        (ignored, failure) -> {
          if (failure == null) {
            item.send.succeed();
          } else {
            item.send.fail(ConnectFailures.unwrap(failure));
          }
          synchronized (lock) {
            inFlight = false;
          }
          pump();
        });
  }
}
