package io.partysocket.tck.server;

import io.partysocket.tck.internal.Frame;
import io.partysocket.tck.internal.FrameCodec;
import io.partysocket.tck.internal.HttpHead;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal blocking WebSocket client for testing the servers byte by byte. Not thread-safe. */
final class RawClient implements AutoCloseable {

  static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  final Socket socket;
  final InputStream in;
  final OutputStream out;

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects and sends an upgrade request for {@code target} with extra header lines. */
  static RawClient upgrade(int port, String target, String extraHeaders) throws IOException {
    RawClient client = new RawClient(new Socket(InetAddress.getLoopbackAddress(), port));
    client.socket.setSoTimeout(5000);
    String request =
        "GET "
            + target
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: "
            + KEY
            + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + extraHeaders
            + "\r\n";
    client.out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    client.out.flush();
    return client;
  }

  HttpHead readHead() throws IOException {
    return HttpHead.read(in, 16 * 1024);
  }

  void sendText(String text) throws IOException {
    FrameCodec.write(
        out,
        true,
        0,
        Frame.OP_TEXT,
        text.getBytes(StandardCharsets.UTF_8),
        new byte[] {9, 8, 7, 6});
  }

  Frame readFrame() throws IOException {
    return FrameCodec.read(in, Long.MAX_VALUE);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
