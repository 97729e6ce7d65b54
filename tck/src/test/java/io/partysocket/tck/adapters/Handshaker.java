package io.partysocket.tck.adapters;

import io.partysocket.spi.ConnectFailedException;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.tck.internal.HttpHead;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** The client side of the opening handshake of {@link SocketConnection}. Stateless. */
final class Handshaker {

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The open streams and the selected subprotocol.
   *
   * @param input the stream positioned after the 101 response
   * @param output the stream to write frames to
   * @param subprotocol the selected subprotocol, or {@code null}
   */
  record Result(InputStream input, OutputStream output, String subprotocol) {}

  private Handshaker() {}

  /**
   * Connects {@code socket}, adds TLS for {@code wss} and performs the handshake. A caller aborts
   * it by closing {@code socket}.
   *
   * @throws ConnectFailedException for a non-101 status or a 101 that breaks RFC 6455
   */
  static Result open(Socket socket, ConnectRequest request, Runnable onTcpConnected)
      throws IOException {
    String host = request.uri().getHost();
    socket.connect(new InetSocketAddress(host, request.port()));
    socket.setTcpNoDelay(true);
    onTcpConnected.run();

    Socket channel = request.secure() ? startTls(socket, request, host) : socket;
    OutputStream out = channel.getOutputStream();
    InputStream in = new BufferedInputStream(channel.getInputStream());
    String key = Base64.getEncoder().encodeToString(randomBytes(16));
    out.write(requestHead(request, key).getBytes(StandardCharsets.ISO_8859_1));
    out.flush();

    HttpHead response = HttpHead.read(in, 16 * 1024);
    if (response == null) {
      throw new java.io.EOFException("server closed the connection before answering");
    }
    int status = status(response.startLine());
    if (status != 101) {
      throw ConnectFailedException.httpStatus(status, response.headers(), body(in, response), null);
    }
    return new Result(in, out, check(response, request, key));
  }

  private static Socket startTls(Socket socket, ConnectRequest request, String host)
      throws IOException {
    SSLContext context;
    try {
      context = request.sslContext() != null ? request.sslContext() : SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new javax.net.ssl.SSLException("no default TLS context", e);
    }
    SSLSocket tls =
        (SSLSocket) context.getSocketFactory().createSocket(socket, host, request.port(), true);
    SSLParameters parameters =
        request.sslParameters() != null ? request.sslParameters() : tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(parameters);
    tls.startHandshake();
    return tls;
  }

  private static String requestHead(ConnectRequest request, String key) {
    String target = request.uri().getRawPath();
    if (target == null || target.isEmpty()) {
      target = "/";
    }
    if (request.uri().getRawQuery() != null) {
      target += "?" + request.uri().getRawQuery();
    }
    StringBuilder head = new StringBuilder();
    head.append("GET ").append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(request.uri().getHost()).append(':').append(request.port());
    head.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
    head.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
    head.append("Sec-WebSocket-Version: 13\r\n");
    if (!request.subprotocols().isEmpty()) {
      head.append("Sec-WebSocket-Protocol: ");
      head.append(String.join(", ", request.subprotocols())).append("\r\n");
    }
    for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
      for (String value : header.getValue()) {
        head.append(header.getKey()).append(": ").append(value).append("\r\n");
      }
    }
    return head.append("\r\n").toString();
  }

  private static int status(String statusLine) throws ProtocolException {
    String[] parts = statusLine.split(" ", 3);
    try {
      return Integer.parseInt(parts[1]);
    } catch (RuntimeException e) {
      throw new ProtocolException(
          "malformed HTTP status line of " + statusLine.length() + " chars");
    }
  }

  private static String body(InputStream in, HttpHead response) {
    try {
      String length = response.header("Content-Length");
      int bytes = length == null ? 0 : Math.min(Integer.parseInt(length.trim()), 1024);
      return new String(in.readNBytes(bytes), StandardCharsets.UTF_8);
    } catch (IOException | NumberFormatException e) {
      return "";
    }
  }

  /** Checks the 101 response and returns the selected subprotocol. */
  private static String check(HttpHead response, ConnectRequest request, String key)
      throws ConnectFailedException {
    if (!HttpHead.acceptKey(key).equals(response.header("Sec-WebSocket-Accept"))) {
      throw protocol("Sec-WebSocket-Accept does not match the key");
    }
    if (!response.headerElements("Sec-WebSocket-Extensions").isEmpty()) {
      throw protocol("server selected an extension that was not offered");
    }
    List<String> selected = response.headerElements("Sec-WebSocket-Protocol");
    if (selected.size() > 1) {
      throw protocol("server selected more than one subprotocol");
    }
    if (selected.isEmpty()) {
      return null;
    }
    if (!request.subprotocols().contains(selected.get(0))) {
      throw protocol("server selected a subprotocol that was not offered");
    }
    return selected.get(0);
  }

  private static ConnectFailedException protocol(String message) {
    return new ConnectFailedException(ConnectFailedException.Kind.PROTOCOL, message, null);
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
