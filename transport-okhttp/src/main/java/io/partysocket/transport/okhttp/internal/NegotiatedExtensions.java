package io.partysocket.transport.okhttp.internal;

import io.partysocket.spi.ConnectFailedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks the server's {@code Sec-WebSocket-Extensions} response header. OkHttp accepts a response
 * that selects an extension it did not offer: it opens the connection and then closes it with 1010.
 * This check turns such a response into a failed connect instead.
 *
 * <p>The only extension OkHttp offers is permessage-deflate without parameters, so a valid response
 * is either nothing or permessage-deflate once, with the parameters RFC 7692 lets a server send to
 * that offer: {@code server_no_context_takeover} and {@code client_no_context_takeover} without a
 * value, and {@code server_max_window_bits} from 8 to 15. {@code client_max_window_bits} is not
 * allowed because the offer did not include it. Stateless.
 */
final class NegotiatedExtensions {

  private static final String PERMESSAGE_DEFLATE = "permessage-deflate";
  private static final int MIN_WINDOW_BITS = 8;
  private static final int MAX_WINDOW_BITS = 15;

  private NegotiatedExtensions() {}

  /**
   * Returns the negotiated extensions, one entry per extension as the server wrote it.
   *
   * @param values the values of every {@code Sec-WebSocket-Extensions} response header
   * @param offered whether permessage-deflate was offered
   * @param target the URI for the message, without its query
   * @throws ConnectFailedException of kind {@code PROTOCOL} when the response does not fit the
   *     offer
   */
  static List<String> check(List<String> values, boolean offered, String target)
      throws ConnectFailedException {
    List<String> extensions = new ArrayList<>();
    for (String value : values) {
      for (String extension : value.split(",", -1)) {
        extensions.add(extension.strip());
      }
    }
    if (extensions.isEmpty() || (extensions.size() == 1 && extensions.get(0).isEmpty())) {
      return List.of();
    }
    if (!offered || extensions.size() > 1) {
      throw rejected(target, "selected extensions " + extensions + " that were not offered");
    }
    checkDeflateParameters(extensions.get(0), target);
    return List.copyOf(extensions);
  }

  private static void checkDeflateParameters(String extension, String target)
      throws ConnectFailedException {
    String[] parts = extension.split(";", -1);
    if (!parts[0].strip().equalsIgnoreCase(PERMESSAGE_DEFLATE)) {
      throw rejected(
          target, "selected extension \"" + parts[0].strip() + "\", which was not offered");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int equals = parameter.indexOf('=');
      String name = (equals < 0 ? parameter : parameter.substring(0, equals)).strip();
      String value = equals < 0 ? null : unquote(parameter.substring(equals + 1).strip());
      String key = name.toLowerCase(Locale.ROOT);
      if (!seen.add(key) || !validParameter(key, value)) {
        throw rejected(
            target, "accepted permessage-deflate with the invalid parameter \"" + parameter + "\"");
      }
    }
  }

  private static boolean validParameter(String name, String value) {
    switch (name) {
      case "server_no_context_takeover":
      case "client_no_context_takeover":
        return value == null;
      case "server_max_window_bits":
        return value != null && windowBits(value);
      default:
        return false;
    }
  }

  private static boolean windowBits(String value) {
    if (value.isEmpty()
        || value.length() > 2
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    int bits = Integer.parseInt(value);
    return bits >= MIN_WINDOW_BITS && bits <= MAX_WINDOW_BITS;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static ConnectFailedException rejected(String target, String problem) {
    return new ConnectFailedException(
        ConnectFailedException.Kind.PROTOCOL, "Server at " + target + " " + problem, null);
  }
}
