package io.partysocket;

import java.time.Duration;

/**
 * Receives counts from inside a socket that events do not carry: message sizes, drops and heartbeat
 * round trips. Metrics libraries implement it (see the {@code partysocket-micrometer} module);
 * every method has an empty default.
 *
 * <p>Methods are called from the threads that do the work (application, scheduler, transport),
 * never with the socket's lock held, possibly concurrently: implementations must be thread-safe and
 * fast. An observer that throws is logged and otherwise ignored.
 */
public interface SocketObserver {

  /** A message was written to a connection; {@code bytes} is its payload size. */
  default void messageWritten(long bytes) {}

  /** A message arrived; {@code bytes} is its payload size (UTF-8 bytes for text). */
  default void messageReceived(long bytes) {}

  /** A message will never be sent, for the given reason. */
  default void messageUnsent(UnsentMessageException.Reason reason) {}

  /** The heartbeat sent a ping. */
  default void heartbeatPing() {}

  /** A pong answered a heartbeat ping after {@code roundTrip}. */
  default void heartbeatPong(Duration roundTrip) {}
}
