package io.partysocket.transport.okhttp.internal;

/**
 * Checks a stream of bytes for well-formed UTF-8 as RFC 3629 section 4 defines it (no overlong
 * forms, no surrogates, nothing above U+10FFFF) without decoding it. Sequences may be split across
 * calls.
 *
 * <p>Not thread-safe: one instance per connection, used by its reader thread only.
 */
final class Utf8Validator {

  /** Continuation bytes still expected for the current sequence. */
  private int remaining;

  /** The smallest value allowed for the next continuation byte. */
  private int lower = 0x80;

  /** The largest value allowed for the next continuation byte. */
  private int upper = 0xBF;

  /** Returns whether {@code data[from..to)} continues the stream as valid UTF-8. */
  boolean accept(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      int b = data[i] & 0xFF;
      if (remaining > 0) {
        if (b < lower || b > upper) {
          return false;
        }
        lower = 0x80;
        upper = 0xBF;
        remaining--;
      } else if (b >= 0x80 && !startSequence(b)) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether the bytes seen so far end at a character boundary. */
  boolean atBoundary() {
    return remaining == 0;
  }

  /** Forgets a sequence in progress, for the next message. */
  void reset() {
    remaining = 0;
    lower = 0x80;
    upper = 0xBF;
  }

  private boolean startSequence(int lead) {
    if (lead >= 0xC2 && lead <= 0xDF) {
      remaining = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      remaining = 2;
      // E0 would start an overlong form below A0; ED followed by A0 or more is a surrogate.
      lower = lead == 0xE0 ? 0xA0 : 0x80;
      upper = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      remaining = 3;
      // F0 would start an overlong form below 90; F4 followed by 90 or more exceeds U+10FFFF.
      lower = lead == 0xF0 ? 0x90 : 0x80;
      upper = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
      return false;
    }
    return true;
  }
}
