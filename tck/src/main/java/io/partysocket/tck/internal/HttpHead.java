package io.partysocket.tck.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The start line and header fields of an HTTP/1.1 request or response, as read from a socket.
 * Immutable.
 *
 * @param startLine the request line or status line, without the line break
 * @param headers header values by case-insensitive name, in the order received. A field that
 *     appears on several lines has several values. Comma-separated values are not split.
 */
public record HttpHead(String startLine, Map<String, List<String>> headers) {

  /** The GUID that RFC 6455 section 1.3 appends to the key before hashing. */
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /**
   * Reads a head up to and including the empty line that ends it. Reads one byte at a time, so
   * nothing after the head is consumed.
   *
   * @param maxBytes the largest head accepted
   * @return the head, or {@code null} if the stream ended before its first byte
   * @throws EOFException if the stream ended inside the head
   * @throws ProtocolException if the head is longer than {@code maxBytes} or malformed
   */
  public static HttpHead read(InputStream in, int maxBytes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int next = in.read();
      if (next < 0) {
        if (bytes.size() == 0) {
          return null;
        }
        throw new EOFException("stream ended inside an HTTP head after " + bytes.size() + " bytes");
      }
      bytes.write(next);
      if (bytes.size() > maxBytes) {
        throw new ProtocolException("HTTP head is longer than " + maxBytes + " bytes");
      }
      boolean expected = next == (matched % 2 == 0 ? '\r' : '\n');
      matched = expected ? matched + 1 : (next == '\r' ? 1 : 0);
    }
    return parse(bytes.toString(StandardCharsets.ISO_8859_1));
  }

  private static HttpHead parse(String text) throws ProtocolException {
    String[] lines = text.split("\r\n");
    TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException(
            "HTTP header line has no name: " + lines[i].length() + " chars");
      }
      String name = lines[i].substring(0, colon).trim();
      String value = lines[i].substring(colon + 1).trim();
      headers.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
    headers.replaceAll((name, values) -> List.copyOf(values));
    return new HttpHead(lines[0], Collections.unmodifiableMap(headers));
  }

  /** Returns the first value of a header, or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Returns every comma-separated element of a header across all its lines, trimmed, in order. */
  public List<String> headerElements(String name) {
    List<String> elements = new ArrayList<>();
    for (String value : headers.getOrDefault(name, List.of())) {
      for (String element : value.split(",")) {
        if (!element.isBlank()) {
          elements.add(element.trim());
        }
      }
    }
    return elements;
  }

  /** Returns the {@code Sec-WebSocket-Accept} value that answers {@code key}. */
  public static String acceptKey(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-1, which every JVM must provide", e);
    }
  }
}
