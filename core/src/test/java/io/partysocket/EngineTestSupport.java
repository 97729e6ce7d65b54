package io.partysocket;

import java.time.Duration;

/** Shared set-up of the engine tests: a socket on virtual time over the fake transport. */
abstract class EngineTestSupport {

  static final String URL = "ws://127.0.0.1:9/room";

  final FakeScheduler scheduler = new FakeScheduler();
  final FakeTransport transport = new FakeTransport(scheduler);

  /** Options over the fake transport and scheduler, with a fixed first retry delay of 1 s. */
  WebSocketOptions.Builder options() {
    return WebSocketOptions.builder()
        .transport(transport)
        .scheduler(scheduler)
        .minReconnectionDelay(Duration.ofMillis(1000));
  }

  ReconnectingWebSocket socket(WebSocketOptions options) {
    return new ReconnectingWebSocket(URL, options);
  }

  /** Returns a socket whose first attempt has been made and opened. */
  ReconnectingWebSocket openSocket(WebSocketOptions options) {
    ReconnectingWebSocket socket = socket(options);
    scheduler.runDue();
    transport.last().open();
    return socket;
  }

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
