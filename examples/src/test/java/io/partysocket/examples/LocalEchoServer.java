package io.partysocket.examples;

import io.partysocket.tck.server.ScriptedServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * An echo server on 127.0.0.1 to try the examples against, from the TCK: it accepts every path,
 * echoes each message and replies to pings. It prints its URL. Each line of standard input (press
 * Enter) drops every connection without a close frame and listens again on the same port, so the
 * clients reconnect. The end of input (Ctrl-D) or Ctrl-C stops it.
 */
public final class LocalEchoServer {

  private LocalEchoServer() {}

  /** Starts the server on a free port and serves until the end of standard input. */
  public static void main(String[] args) throws IOException {
    try (ScriptedServer server = ScriptedServer.start()) {
      System.out.println("echo server listening on " + server.uri("/"));
      System.out.println("PartyKit host for RoomChat: 127.0.0.1:" + server.port());
      System.out.println("Enter drops every connection; Ctrl-D stops the server.");
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (lines.readLine() != null) {
        int open = server.openSockets();
        server.stop();
        server.restart();
        System.out.println("dropped " + open + " connection(s); listening again");
      }
    }
  }
}
