package io.partysocket.benchmarks.queue;

/**
 * The message object of the baselines: one allocation per message that carries the payload and its
 * size, as the engine's queued message does. The size is {@link String#length()}, which equals the
 * UTF-8 length of the ASCII payloads used here. The engine counts UTF-8 bytes by scanning the text,
 * and that scan is part of what the engine's figures measure.
 */
record QueuedText(String text, long bytes) {

  static QueuedText of(String text) {
    return new QueuedText(text, text.length());
  }
}
