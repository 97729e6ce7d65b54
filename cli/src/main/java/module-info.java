/** The {@code partysocket} command and its demo. */
module io.partysocket.cli {
  requires io.partysocket.core;
  requires io.partysocket.transport.jdk;
  requires info.picocli;
  requires jdk.unsupported;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.websocket.api;
  requires org.eclipse.jetty.websocket.server;

  exports io.partysocket.cli;
  exports io.partysocket.cli.demo to
      org.eclipse.jetty.websocket.common;

  opens io.partysocket.cli to
      info.picocli;

  // The --transport option is checked against the transports on the class path.
  uses io.partysocket.spi.WebSocketFactory;
}
