package io.partysocket.tck.server;

import io.partysocket.tck.internal.HttpHead;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Builds the HTTP responses of {@link ScriptedServer}'s opening handshakes. Stateless. */
final class HandshakeResponses {

  private HandshakeResponses() {}

  /** Returns the 101 response for an upgrade request, or {@code null} if it is not one. */
  static byte[] acceptance(HttpHead request, Handshake handshake) {
    String key = request.header("Sec-WebSocket-Key");
    boolean upgrade =
        request.startLine().startsWith("GET ")
            && request.headerElements("Upgrade").stream().anyMatch("websocket"::equalsIgnoreCase)
            && "13".equals(request.header("Sec-WebSocket-Version"))
            && key != null;
    if (!upgrade) {
      return null;
    }

    String accept = HttpHead.acceptKey(handshake.breaksAcceptKey() ? key + "x" : key);
    StringBuilder response = new StringBuilder();
    response.append("HTTP/1.1 101 Switching Protocols\r\n");
    response.append("Upgrade: websocket\r\n");
    response.append("Connection: Upgrade\r\n");
    response.append("Sec-WebSocket-Accept: ").append(accept).append("\r\n");

    String subprotocol = selectSubprotocol(request, handshake);
    if (subprotocol != null) {
      response.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
    }
    if (handshake.extensionsHeader() != null) {
      response.append("Sec-WebSocket-Extensions: ");
      response.append(handshake.extensionsHeader()).append("\r\n");
    }
    appendHeaders(response, handshake.extraHeaders());
    response.append("\r\n");
    return response.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String selectSubprotocol(HttpHead request, Handshake handshake) {
    return switch (handshake.subprotocolChoice()) {
      case NONE -> null;
      case FIXED -> handshake.fixedSubprotocol();
      case FIRST_OFFERED -> {
        List<String> offered = request.headerElements("Sec-WebSocket-Protocol");
        yield offered.isEmpty() ? null : offered.get(0);
      }
    };
  }

  /** Returns a complete non-101 response with the handshake's headers and body. */
  static byte[] rejection(Handshake handshake) {
    byte[] body = handshake.responseBody().getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append("HTTP/1.1 ")
        .append(handshake.status())
        .append(' ')
        .append(reasonPhrase(handshake.status()))
        .append("\r\n");
    appendHeaders(head, handshake.extraHeaders());
    head.append("Content-Type: text/plain; charset=utf-8\r\n");
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");

    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] response = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, response, 0, headBytes.length);
    System.arraycopy(body, 0, response, headBytes.length, body.length);
    return response;
  }

  private static void appendHeaders(StringBuilder out, List<Map.Entry<String, String>> headers) {
    for (Map.Entry<String, String> header : headers) {
      out.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
  }

  private static String reasonPhrase(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 307 -> "Temporary Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Status " + status;
    };
  }
}
