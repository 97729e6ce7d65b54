package io.partysocket.internal.party;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of URL path segments and of form-encoded query parameters, over the UTF-8 bytes
 * of the text. Hex digits are upper case. An unpaired surrogate is encoded as U+FFFD, as a browser
 * does when it converts a JavaScript string to a URL.
 *
 * <p>Stateless and thread-safe.
 */
final class PercentEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final String PATH_SEGMENT_SAFE_SYMBOLS = "-._~!$&'()*+,;=:@";
  private static final String FORM_SAFE_SYMBOLS = "*-._";

  private PercentEncoding() {}

  /**
   * Encodes {@code text} as one path segment (RFC 3986 {@code segment}). Letters, digits and the
   * characters {@code -._~!$&'()*+,;=:@} stay as they are; everything else, including {@code /},
   * {@code %}, {@code ?}, {@code #} and space, is percent-encoded.
   */
  static String pathSegment(String text) {
    return encode(text, PATH_SEGMENT_SAFE_SYMBOLS, false);
  }

  /**
   * Encodes {@code text} as a name or value of {@code application/x-www-form-urlencoded} content,
   * as URLSearchParams serialises it: ASCII letters, digits and {@code *-._} stay as they are, a
   * space becomes {@code +}, and everything else is percent-encoded.
   */
  static String formComponent(String text) {
    return encode(text, FORM_SAFE_SYMBOLS, true);
  }

  private static String encode(String text, String safeSymbols, boolean spaceAsPlus) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      if (isAsciiAlphanumeric(codePoint) || safeSymbols.indexOf(codePoint) >= 0) {
        out.append((char) codePoint);
      } else if (codePoint == ' ' && spaceAsPlus) {
        out.append('+');
      } else {
        appendUtf8Escapes(out, isSurrogate(codePoint) ? 0xFFFD : codePoint);
      }
    }
    return out.toString();
  }

  private static boolean isAsciiAlphanumeric(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Tells whether {@code codePoint} is an unpaired surrogate, as returned by codePointAt. */
  private static boolean isSurrogate(int codePoint) {
    return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
  }

  private static void appendUtf8Escapes(StringBuilder out, int codePoint) {
    byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }
  }
}
