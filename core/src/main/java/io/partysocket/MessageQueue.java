package io.partysocket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbound messages of one socket that no connection has taken yet, oldest first. The byte
 * total is kept up to date only while a byte bound needs it ({@link #track}); otherwise {@link
 * #bytes()} adds the sizes up when asked, so that plain sends never compute a UTF-8 size. Not
 * thread-safe: the engine's lock guards it.
 */
final class MessageQueue {

  private final ArrayDeque<OutgoingMessage> messages = new ArrayDeque<>();
  private boolean tracking;
  private long trackedBytes;

  /** Turns the running byte total on or off; turning it on adds up the queue once. */
  void track(boolean on) {
    if (on && !tracking) {
      trackedBytes = sum();
    }
    tracking = on;
  }

  int size() {
    return messages.size();
  }

  /** Returns the payload bytes of the queued messages. */
  long bytes() {
    return tracking ? trackedBytes : sum();
  }

  void addLast(OutgoingMessage message) {
    messages.addLast(message);
    if (tracking) {
      trackedBytes += message.bytes();
    }
  }

  /** Puts a message back at the head, ahead of everything queued. */
  void addFirst(OutgoingMessage message) {
    messages.addFirst(message);
    if (tracking) {
      trackedBytes += message.bytes();
    }
  }

  /** Removes and returns the oldest message, or null when empty. */
  OutgoingMessage pollFirst() {
    OutgoingMessage message = messages.pollFirst();
    if (message != null && tracking) {
      trackedBytes -= message.bytes();
    }
    return message;
  }

  /** Removes {@code message} if it is queued; returns whether it was. */
  boolean remove(OutgoingMessage message) {
    if (messages.removeFirstOccurrence(message)) {
      if (tracking) {
        trackedBytes -= message.bytes();
      }
      return true;
    }
    return false;
  }

  /** Removes and returns every message, oldest first. */
  List<OutgoingMessage> drainAll() {
    List<OutgoingMessage> drained = new ArrayList<>(messages);
    messages.clear();
    trackedBytes = 0;
    return drained;
  }

  /**
   * Returns whether {@code message} fits within both bounds now; {@link Long#MAX_VALUE} as the byte
   * bound means none, and then no size is computed.
   */
  boolean fits(OutgoingMessage message, int maxMessages, long maxBytes) {
    if (messages.size() >= maxMessages) {
      return false;
    }
    return maxBytes == Long.MAX_VALUE || message.bytes() <= maxBytes - bytes();
  }

  /**
   * Removes the oldest messages until {@code message} fits, and returns them, oldest first. The
   * caller checks first that it would fit an empty queue.
   */
  List<OutgoingMessage> dropOldestUntilFits(
      OutgoingMessage message, int maxMessages, long maxBytes) {
    List<OutgoingMessage> dropped = new ArrayList<>();
    while (!messages.isEmpty() && !fits(message, maxMessages, maxBytes)) {
      dropped.add(pollFirst());
    }
    return dropped;
  }

  private long sum() {
    long total = 0;
    for (OutgoingMessage message : messages) {
      total += message.bytes();
    }
    return total;
  }
}
