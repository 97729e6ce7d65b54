package io.partysocket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbound messages of one socket that no connection has taken yet, oldest first, with their
 * payload bytes. Not thread-safe: the engine's lock guards it.
 */
final class MessageQueue {

  private final ArrayDeque<OutgoingMessage> messages = new ArrayDeque<>();
  private long bytes;

  int size() {
    return messages.size();
  }

  /** Returns the payload bytes of the queued messages. */
  long bytes() {
    return bytes;
  }

  void addLast(OutgoingMessage message) {
    messages.addLast(message);
    bytes += message.bytes;
  }

  /** Puts a message back at the head, ahead of everything queued. */
  void addFirst(OutgoingMessage message) {
    messages.addFirst(message);
    bytes += message.bytes;
  }

  /** Removes and returns the oldest message, or null when empty. */
  OutgoingMessage pollFirst() {
    OutgoingMessage message = messages.pollFirst();
    if (message != null) {
      bytes -= message.bytes;
    }
    return message;
  }

  /** Removes {@code message} if it is queued; returns whether it was. */
  boolean remove(OutgoingMessage message) {
    if (messages.removeFirstOccurrence(message)) {
      bytes -= message.bytes;
      return true;
    }
    return false;
  }

  /** Removes and returns every message, oldest first. */
  List<OutgoingMessage> drainAll() {
    List<OutgoingMessage> drained = new ArrayList<>(messages);
    messages.clear();
    bytes = 0;
    return drained;
  }

  /** Returns whether a message of {@code size} bytes fits within both bounds now. */
  boolean fits(long size, int maxMessages, long maxBytes) {
    return messages.size() < maxMessages && size <= maxBytes - bytes;
  }

  /**
   * Removes the oldest messages until one of {@code size} bytes fits, and returns them, oldest
   * first. The caller checks first that the message would fit an empty queue.
   */
  List<OutgoingMessage> dropOldestUntilFits(long size, int maxMessages, long maxBytes) {
    List<OutgoingMessage> dropped = new ArrayList<>();
    while (!messages.isEmpty() && !fits(size, maxMessages, maxBytes)) {
      dropped.add(pollFirst());
    }
    return dropped;
  }
}
