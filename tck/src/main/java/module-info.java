/**
 * The PartySocket TCK: test cases every transport runs, and the servers they run against.
 *
 * <p>A transport's test extends {@link io.partysocket.tck.TransportTck}, and {@link
 * io.partysocket.tck.ReconnectingTck} for the full reconnecting stack. The servers in {@code
 * io.partysocket.tck.server} can also be used on their own.
 */
module io.partysocket.tck {
  requires transitive io.partysocket.api;
  requires io.partysocket.core;
  requires java.management;
  requires transitive org.junit.jupiter.api;
  requires org.junit.jupiter.params;
  requires org.assertj.core;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.util;
  // JettyConnection.Endpoint is public, so Jetty can call it, and implements a Jetty interface.
  requires transitive org.eclipse.jetty.websocket.api;
  requires org.eclipse.jetty.websocket.server;

  exports io.partysocket.tck;
  exports io.partysocket.tck.server;

  // JUnit creates the test classes and their nested classes reflectively.
  opens io.partysocket.tck to
      org.junit.platform.commons;

  uses io.partysocket.spi.WebSocketFactory;
}
