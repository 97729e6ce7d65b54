package io.partysocket.benchmarks;

/** Message payloads shared by the queue and transport benchmarks. */
public final class Payloads {

  private Payloads() {}

  /**
   * Returns a text of {@code length} ASCII letters, so its UTF-8 length equals its length.
   *
   * @throws IllegalArgumentException if {@code length} is less than 1
   */
  public static String ascii(int length) {
    if (length < 1) {
      throw new IllegalArgumentException("length must be at least 1 but was " + length);
    }
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + i % 26));
    }
    return text.toString();
  }
}
