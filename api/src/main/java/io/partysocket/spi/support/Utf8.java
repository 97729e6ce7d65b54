package io.partysocket.spi.support;

import java.util.Objects;

/** UTF-8 arithmetic for transports that receive or send text as characters. Stateless. */
public final class Utf8 {

  private Utf8() {}

  /**
   * Returns the number of bytes {@code text} takes in UTF-8. A surrogate pair counts 4 bytes, also
   * when its halves are counted in separate calls. A lone surrogate counts 2, because the count
   * cannot tell it from half of a pair (an encoder would write 3 bytes for its replacement).
   *
   * @param text the characters; not {@code null}
   */
  public static long encodedLength(CharSequence text) {
    Objects.requireNonNull(text, "text");
    long bytes = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        bytes += 2;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
