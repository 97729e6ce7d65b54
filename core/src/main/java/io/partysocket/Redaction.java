package io.partysocket;

import java.util.Locale;
import java.util.Set;

/** Removes credentials from text that goes into logs, the debug trace and exception messages. */
final class Redaction {

  /** Header names whose values are credentials, in lower case. */
  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  private Redaction() {}

  /**
   * Returns {@code url} with user information and the fragment removed, and every query value
   * replaced by {@code <redacted>}. Parameter names are kept because they help debugging, but a
   * query part without {@code =} is replaced whole.
   */
  static String url(String url) {
    if (url == null) {
      return "null";
    }
    String result = url;
    int fragment = result.indexOf('#');
    if (fragment >= 0) {
      result = result.substring(0, fragment);
    }
    int schemeEnd = result.indexOf("://");
    if (schemeEnd >= 0) {
      int authorityStart = schemeEnd + 3;
      int at = result.indexOf('@', authorityStart);
      int pathStart = indexOfAny(result, authorityStart, "/?");
      if (at >= 0 && (pathStart < 0 || at < pathStart)) {
        result = result.substring(0, authorityStart) + result.substring(at + 1);
      }
    }
    int query = result.indexOf('?');
    if (query < 0) {
      return result;
    }
    StringBuilder redacted = new StringBuilder(result.substring(0, query + 1));
    String[] pairs = result.substring(query + 1).split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        redacted.append('&');
      }
      int equals = pairs[i].indexOf('=');
      if (equals >= 0) {
        redacted.append(pairs[i], 0, equals).append("=<redacted>");
      } else if (!pairs[i].isEmpty()) {
        // A part without "=", as in "?SECRET", may be a bare token, so none of it is kept.
        redacted.append("<redacted>");
      }
    }
    return redacted.toString();
  }

  /** Returns whether the value of header {@code name} is a credential. */
  static boolean isSecretHeader(String name) {
    return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  private static int indexOfAny(String text, int from, String characters) {
    for (int i = from; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
