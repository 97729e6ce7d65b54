package io.partysocket.cli;

import io.partysocket.FailurePolicy;
import io.partysocket.WebSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The reconnect, transport and handshake options shared by the connecting commands. */
final class SocketSettings {

  @Option(
      names = "--max-retries",
      paramLabel = "N",
      description = "Retries after the first attempt before giving up (default: unlimited).")
  Integer maxRetries;

  @Option(
      names = "--min-delay",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Delay before the first retry, e.g. 500ms or 2s (default: random 1-5 s).")
  Duration minDelay;

  @Option(
      names = "--max-delay",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Cap of the delay between attempts (default: 10s).")
  Duration maxDelay;

  @Option(
      names = "--grow-factor",
      paramLabel = "FACTOR",
      description = "Growth of the delay per retry, at least 1 (default: 1.3).")
  Double growFactor;

  @Option(
      names = "--jitter",
      paramLabel = "SHARE",
      description = "Random share of each delay, from 0 to 1 (default: 0).")
  Double jitter;

  @Option(
      names = "--min-uptime",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Uptime after which the retry count resets (default: 5s).")
  Duration minUptime;

  @Option(
      names = "--connection-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Time an attempt may take to open (default: 4s).")
  Duration connectionTimeout;

  @Option(
      names = "--close-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Wait for the server's close frame before dropping the connection (default: 5s).")
  Duration closeTimeout;

  @Option(
      names = "--max-queued",
      paramLabel = "N",
      description = "Messages kept while disconnected; more are rejected (default: unlimited).")
  Integer maxQueued;

  @Option(
      names = "--max-queued-bytes",
      paramLabel = "BYTES",
      description = "Bytes kept while disconnected; more are rejected (default: unlimited).")
  Long maxQueuedBytes;

  @Option(
      names = "--heartbeat",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Ping interval; a silent connection is dropped and reopened; 0 turns it off (default: 30s).")
  Duration heartbeat;

  @Option(
      names = "--heartbeat-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Silence after a ping that ends the connection (default: 10s).")
  Duration heartbeatTimeout;

  @Option(
      names = "--always-retry",
      description = "Retry after every failure, even HTTP 401/403/404 and close 1008.")
  boolean alwaysRetry;

  @Option(
      names = "--transport",
      paramLabel = "NAME",
      description =
          "Transport to use: netty, jetty, okhttp, jdk or tyrus (default: netty, the highest"
              + " priority).")
  String transport;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "NAME:VALUE",
      description = "Extra handshake header; repeat for more.")
  List<String> headers = new ArrayList<>();

  @Option(
      names = "--subprotocol",
      paramLabel = "NAME",
      description = "Subprotocol to offer; repeat for more, in order of preference.")
  List<String> subprotocols = new ArrayList<>();

  @Option(
      names = "--debug",
      description = "Trace every step of the reconnecting engine on standard error.")
  boolean debug;

  /**
   * Returns the socket options these flags describe. The socket starts closed, so that {@link
   * SessionSettings#run} can add its listeners before the first attempt.
   *
   * @throws IllegalArgumentException naming the flag when a value is invalid
   */
  WebSocketOptions.Builder toOptions(Console console) {
    WebSocketOptions.Builder options = WebSocketOptions.builder().startClosed(true);
    if (maxRetries != null) {
      options.maxRetries(maxRetries);
    }
    if (minDelay != null) {
      options.minReconnectionDelay(minDelay);
    }
    if (maxDelay != null) {
      options.maxReconnectionDelay(maxDelay);
    }
    if (growFactor != null) {
      options.reconnectionDelayGrowFactor(growFactor);
    }
    if (jitter != null) {
      options.reconnectionDelayJitter(jitter);
    }
    if (minUptime != null) {
      options.minUptime(minUptime);
    }
    if (connectionTimeout != null) {
      options.connectionTimeout(connectionTimeout);
    }
    if (closeTimeout != null) {
      options.closeTimeout(closeTimeout);
    }
    if (maxQueued != null) {
      options.maxEnqueuedMessages(maxQueued);
    }
    if (maxQueuedBytes != null) {
      options.maxEnqueuedBytes(maxQueuedBytes);
    }
    if (heartbeat != null) {
      options.heartbeatInterval(heartbeat);
    }
    if (heartbeatTimeout != null) {
      options.heartbeatTimeout(heartbeatTimeout);
    }
    if (alwaysRetry) {
      options.failurePolicy(FailurePolicy.alwaysRetry());
    }
    if (transport != null) {
      Transports.requireKnown(transport);
      options.transportName(transport);
    }
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "--header must be NAME:VALUE, as in --header 'Authorization: Bearer abc'");
      }
      options.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
    }
    if (debug) {
      options.debug(true).debugLogger(console::state);
    }
    return options;
  }
}
