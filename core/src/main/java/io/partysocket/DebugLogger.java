package io.partysocket;

/**
 * The destination of a socket's debug trace when {@link WebSocketOptions.Builder#debug(boolean)} is
 * on. The trace names each step of the engine (connect, next delay, open, close, enqueue, ...) with
 * the attempt number and delays; URL query values and header values are replaced by {@code
 * <redacted>}, and message contents are never written, only their sizes.
 *
 * <p>Implementations may be called from any thread, one line at a time per socket. They must return
 * quickly and must not call the socket, because the engine calls them while it holds the socket's
 * lock.
 */
@FunctionalInterface
public interface DebugLogger {

  /** Writes one line of the trace. */
  void log(String line);

  /** Returns the default destination: standard error, one line per step. */
  static DebugLogger standardError() {
    return line -> System.err.println(line);
  }
}
