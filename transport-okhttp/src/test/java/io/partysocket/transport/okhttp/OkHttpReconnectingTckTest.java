package io.partysocket.transport.okhttp;

import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.ReconnectingTck;

/** Runs the full reconnecting stack and the chaos soak over the OkHttp transport. */
class OkHttpReconnectingTckTest extends ReconnectingTck {

  @Override
  protected WebSocketFactory createFactory() {
    return new OkHttpWebSocketFactory();
  }

  /**
   * The factory's dispatcher pool ({@code partysocket-okhttp-P-N}), whose threads OkHttp renames
   * while a socket is open, and OkHttp's shared daemon TaskRunner and Okio watchdog threads.
   */
  @Override
  protected boolean isTransportPoolThread(Thread thread) {
    String name = thread.getName();
    return name.startsWith("partysocket-okhttp-")
        || name.startsWith("OkHttp ")
        || name.equals("Okio Watchdog");
  }
}
