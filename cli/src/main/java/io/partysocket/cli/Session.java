package io.partysocket.cli;

import io.partysocket.AttemptEvent;
import io.partysocket.CloseEvent;
import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.SendResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one socket for the command line: standard input lines are sent, received messages are
 * printed, state changes are reported, and the end of input, Ctrl-C or giving up ends it.
 */
final class Session {

  /** The format of binary messages on standard output. */
  enum BinaryFormat {
    HEX,
    BASE64
  }

  private final ReconnectingWebSocket socket;
  private final Console console;
  private final BinaryFormat binaryFormat;
  private final Duration drainTimeout;
  private final CompletableFuture<Integer> outcome = new CompletableFuture<>();

  /** The latest message read from standard input; guarded by {@code this}. */
  private SendResult lastSent;

  Session(
      ReconnectingWebSocket socket,
      Console console,
      BinaryFormat binaryFormat,
      Duration drainTimeout) {
    this.socket = socket;
    this.console = console;
    this.binaryFormat = binaryFormat;
    this.drainTimeout = drainTimeout;
    report(socket, console);
    socket.addEventListener(
        EventType.MESSAGE,
        event -> console.message(format(event.isText() ? null : event.binary(), event)));
    socket.addEventListener(
        EventType.GIVE_UP,
        event -> {
          console.state("gave up: " + describeGiveUp(event));
          outcome.complete(ExitCodes.GAVE_UP);
        });
  }

  /** Prints the socket's state changes on the console. */
  static void report(ReconnectingWebSocket socket, Console console) {
    socket.addEventListener(EventType.ATTEMPT, event -> console.state(describeAttempt(event)));
    socket.addEventListener(
        EventType.OPEN,
        event ->
            console.state(
                "open"
                    + (event.protocol().isEmpty()
                        ? ""
                        : " (subprotocol " + event.protocol() + ")")));
    socket.addEventListener(EventType.CLOSE, event -> console.state(describeClose(event)));
    socket.addEventListener(EventType.ERROR, event -> console.state("error: " + event.message()));
  }

  /** Ends the session as after the end of input, as Ctrl-C does. */
  void stop() {
    outcome.complete(ExitCodes.OK);
  }

  /**
   * Reads {@code input} on a daemon thread until its end, and returns the exit code once the input
   * ended (and queued messages were sent, or the drain timeout passed) or the socket gave up.
   */
  int run(BufferedReader input) throws InterruptedException {
    Thread reader = new Thread(() -> pump(input), "partysocket-stdin");
    reader.setDaemon(true);
    reader.start();
    int code;
    try {
      code = outcome.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("session failed", e.getCause());
    }
    return finish(code);
  }

  private void pump(BufferedReader input) {
    try {
      // The count bound only guards against an endless input; a session ends long before it.
      for (long line = 0; line < Long.MAX_VALUE && !outcome.isDone(); line++) {
        String text = input.readLine();
        if (text == null) {
          break;
        }
        SendResult result = socket.send(text);
        synchronized (this) {
          lastSent = result;
        }
        if (result.status() == SendResult.Status.REJECTED) {
          console.state("message rejected: the queue is full (see --max-queued)");
        }
      }
    } catch (IOException e) {
      console.state("error: reading standard input failed: " + e.getMessage());
    }
    outcome.complete(ExitCodes.OK);
  }

  private int finish(int code) throws InterruptedException {
    int result = code;
    if (code == ExitCodes.OK && !waitForQueue()) {
      result = ExitCodes.GAVE_UP;
    }
    CompletionStage<Void> ended = socket.shutdown();
    Duration closeWait = socket.options().closeTimeout().plusSeconds(1);
    try {
      ended.toCompletableFuture().get(closeWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      console.state("closing did not finish within " + closeWait.toMillis() + " ms");
    }
    return result;
  }

  /** Waits for the last message to be written; returns false when it was not in time. */
  private boolean waitForQueue() throws InterruptedException {
    SendResult last;
    synchronized (this) {
      last = lastSent;
    }
    if (last == null || last.status() == SendResult.Status.REJECTED) {
      return true;
    }
    try {
      last.written().toCompletableFuture().get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      console.state("gave up: a queued message could not be sent: " + e.getCause().getMessage());
      return false;
    } catch (TimeoutException e) {
      console.state(
          "gave up: queued messages were not sent within "
              + drainTimeout.toMillis()
              + " ms after the end of input (see --drain-timeout)");
      return false;
    }
  }

  private String format(ByteBuffer binary, io.partysocket.MessageEvent event) {
    if (binary == null) {
      return event.text();
    }
    byte[] bytes = event.bytes();
    return binaryFormat == BinaryFormat.BASE64
        ? Base64.getEncoder().encodeToString(bytes)
        : HexFormat.of().formatHex(bytes);
  }

  static String describeAttempt(AttemptEvent event) {
    long millis = event.delay().toMillis();
    return millis == 0 ? "connecting" : "retry in " + millis + " ms";
  }

  static String describeClose(CloseEvent event) {
    StringBuilder text = new StringBuilder("closed ").append(event.code());
    if (!event.reason().isEmpty()) {
      text.append(" ").append(event.reason());
    }
    if (!event.wasClean()) {
      text.append(" (not clean)");
    }
    return text.toString();
  }

  private static String describeGiveUp(io.partysocket.GiveUpEvent event) {
    String why =
        switch (event.reason()) {
          case MAX_RETRIES_EXHAUSTED -> "--max-retries reached";
          case FAILURE_POLICY -> "the failure policy stopped (see --always-retry)";
          case SHOULD_RECONNECT_ON_CLOSE -> "reconnecting was turned off";
        };
    CloseEvent last = event.lastClose();
    return why
        + " after "
        + event.attempts()
        + " attempts"
        + (last == null ? "" : ", last " + describeClose(last));
  }
}
