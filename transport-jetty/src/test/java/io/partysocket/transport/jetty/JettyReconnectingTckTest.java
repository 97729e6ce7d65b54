package io.partysocket.transport.jetty;

import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.ReconnectingTck;

/** Runs the full reconnecting stack and the chaos soak over the Jetty transport. */
class JettyReconnectingTckTest extends ReconnectingTck {

  @Override
  protected WebSocketFactory createFactory() {
    return new JettyWebSocketFactory();
  }

  /** The factory's Jetty client pool, scheduler and events pool ({@code partysocket-jetty-...}). */
  @Override
  protected boolean isTransportPoolThread(Thread thread) {
    String name = thread.getName();
    return name.startsWith("partysocket-jetty-");
  }
}
