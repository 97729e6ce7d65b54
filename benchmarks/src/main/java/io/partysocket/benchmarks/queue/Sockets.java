package io.partysocket.benchmarks.queue;

import io.partysocket.ConnectGate;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import io.partysocket.benchmarks.fake.FakeTransport;
import io.partysocket.benchmarks.fake.FakeTransport.PendingConnect;
import io.partysocket.benchmarks.fake.ManualScheduler;

/** Builds sockets over {@link FakeTransport} for the queue benchmarks. */
final class Sockets {

  /** The URL the sockets resolve, which {@link FakeTransport} never contacts. */
  static final String URL = "ws://localhost/benchmark";

  private Sockets() {}

  /**
   * Returns a socket that starts closed, so every message sent to it waits in its queue. It has its
   * own connect gate, so sockets of earlier iterations cannot hold places.
   */
  static ReconnectingWebSocket startClosed(FakeTransport transport, ManualScheduler scheduler) {
    WebSocketOptions options =
        WebSocketOptions.builder()
            .transport(transport)
            .scheduler(scheduler)
            .connectGate(new ConnectGate(1))
            .startClosed(true)
            .build();
    return new ReconnectingWebSocket(URL, options);
  }

  /**
   * Starts an attempt of a closed socket and returns the transport's connect call, not yet opened.
   */
  static PendingConnect startAttempt(
      ReconnectingWebSocket socket, FakeTransport transport, ManualScheduler scheduler) {
    socket.reconnect();
    scheduler.runDue();
    return transport.takeConnect();
  }
}
