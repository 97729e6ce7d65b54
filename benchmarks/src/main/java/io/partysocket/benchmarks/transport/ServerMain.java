package io.partysocket.benchmarks.transport;

import io.partysocket.tck.server.JettyServer;
import java.io.IOException;
import java.io.InputStream;

/**
 * Runs the TCK's {@link JettyServer} echo server in its own JVM for the scale scenario, so that the
 * measured JVM holds only client sockets and each process needs one file descriptor per socket.
 * Prints {@code PORT <port>} once listening, and stops at the end of its standard input.
 */
public final class ServerMain {

  private ServerMain() {}

  /** Runs the server until standard input ends. */
  public static void main(String[] args) throws IOException {
    try (JettyServer server = JettyServer.start()) {
      System.out.println("PORT " + server.port());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() != -1) {
        // Any input is ignored; the end of the input stops the server.
      }
    }
  }
}
