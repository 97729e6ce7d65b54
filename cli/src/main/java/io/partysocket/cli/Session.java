package io.partysocket.cli;

import io.partysocket.AttemptEvent;
import io.partysocket.CloseEvent;
import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.SendResult;
import io.partysocket.UnsentMessageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Runs one socket for the command line: standard input lines are sent, received messages are
 * printed, state changes are reported, and the end of input, a signal or giving up ends it. Every
 * message read from standard input is either written to a connection or counted as not sent in a
 * line on standard error, and a message not sent makes the exit code 1.
 *
 * <p>Thread-safe: the reader thread, the socket's event threads and the signal handler share the
 * fields guarded by {@code this}.
 */
final class Session {

  /** The format of binary messages on standard output. */
  enum BinaryFormat {
    HEX,
    BASE64
  }

  /** The reason the session ended. */
  enum Ending {
    END_OF_INPUT,
    SIGNAL,
    GAVE_UP
  }

  private final ReconnectingWebSocket socket;
  private final Console console;
  private final BinaryFormat binaryFormat;
  private final Duration drainTimeout;
  private final Duration linger;

  /** Guarded by {@code this}: standard input reached its end (or failed). */
  private boolean inputEnded;

  /** Guarded by {@code this}: SIGINT or SIGTERM arrived. */
  private boolean signalled;

  /** Guarded by {@code this}: the socket gave up. */
  private boolean gaveUp;

  /** Guarded by {@code this}: lines read from standard input. */
  private int read;

  /** Guarded by {@code this}: accepted messages whose write has not completed yet. */
  private int pending;

  /** Guarded by {@code this}: messages that {@code send} rejected. */
  private int rejected;

  /** Guarded by {@code this}: accepted messages that the socket dropped before shutdown. */
  private int dropped;

  Session(
      ReconnectingWebSocket socket,
      Console console,
      BinaryFormat binaryFormat,
      Duration drainTimeout,
      Duration linger) {
    this.socket = socket;
    this.console = console;
    this.binaryFormat = binaryFormat;
    this.drainTimeout = drainTimeout;
    this.linger = linger;
    report(socket, console);
    socket.addEventListener(
        EventType.MESSAGE,
        event -> console.message(format(event.isText() ? null : event.binary(), event)));
    socket.addEventListener(
        EventType.GIVE_UP,
        event -> {
          console.state("gave up: " + describeGiveUp(event));
          synchronized (this) {
            gaveUp = true;
            notifyAll();
          }
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

  /** Ends the session at once after SIGINT or SIGTERM, without waiting for queued messages. */
  synchronized void signal() {
    signalled = true;
    notifyAll();
  }

  /**
   * Reads {@code input} on a daemon thread and returns the exit code once the session ended. After
   * the end of input it waits up to the drain timeout for queued messages, then lingers. A signal
   * or giving up ends it at once.
   */
  int run(BufferedReader input) throws InterruptedException {
    Thread reader = new Thread(() -> pump(input), "partysocket-stdin");
    reader.setDaemon(true);
    reader.start();
    synchronized (this) {
      // The session lasts as long as its input; only the three endings stop this wait.
      while (!inputEnded && !signalled && !gaveUp) {
        wait();
      }
    }
    boolean drained = false;
    if (ending() == Ending.END_OF_INPUT) {
      drained = await(() -> pending == 0 || signalled || gaveUp, drainTimeout);
    }
    if (drained && ending() == Ending.END_OF_INPUT && !linger.isZero()) {
      await(() -> signalled || gaveUp, linger);
    }
    Ending ending = ending();
    shutdown();
    return exitCode(ending);
  }

  private synchronized Ending ending() {
    if (gaveUp) {
      return Ending.GAVE_UP;
    }
    return signalled ? Ending.SIGNAL : Ending.END_OF_INPUT;
  }

  private void pump(BufferedReader input) {
    try {
      // The count bound only guards against an endless input; a session ends long before it.
      for (long line = 0; line < Long.MAX_VALUE && !isOver(); line++) {
        String text = input.readLine();
        if (text == null) {
          break;
        }
        send(text);
      }
    } catch (IOException e) {
      console.state("error: reading standard input failed: " + e.getMessage());
    }
    synchronized (this) {
      inputEnded = true;
      notifyAll();
    }
  }

  private synchronized boolean isOver() {
    return signalled || gaveUp;
  }

  private void send(String text) {
    SendResult result = socket.send(text);
    synchronized (this) {
      read++;
      if (result.status() == SendResult.Status.REJECTED) {
        rejected++;
      } else {
        pending++;
      }
    }
    if (result.status() == SendResult.Status.REJECTED) {
      result
          .written()
          .whenComplete((ignored, failure) -> console.state("message rejected: " + why(failure)));
      return;
    }
    result.written().whenComplete((ignored, failure) -> onWritten(failure));
  }

  private void onWritten(Throwable failure) {
    Throwable cause = unwrap(failure);
    boolean shutdown =
        cause instanceof UnsentMessageException unsent
            && unsent.reason() == UnsentMessageException.Reason.SHUTDOWN;
    synchronized (this) {
      if (failure == null) {
        pending--;
      } else if (!shutdown) {
        pending--;
        dropped++;
      }
      // A message that the shutdown failed stays pending: it was not written before the exit.
      notifyAll();
    }
    if (failure != null && !shutdown) {
      console.state("message dropped: " + why(failure));
    }
  }

  /** Waits until {@code condition} is true or {@code limit} passed, and returns the condition. */
  private synchronized boolean await(BooleanSupplier condition, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (remaining <= 0) {
        return false;
      }
      wait(remaining);
    }
    return true;
  }

  private void shutdown() throws InterruptedException {
    CompletionStage<Void> ended = socket.shutdown();
    Duration closeWait = socket.options().closeTimeout().plusSeconds(1);
    try {
      ended.toCompletableFuture().get(closeWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      console.state("closing did not finish within " + closeWait.toMillis() + " ms");
    }
  }

  /** Reports the messages that were not sent, if any, and returns the exit code. */
  private synchronized int exitCode(Ending ending) {
    int unsent = pending + rejected + dropped;
    if (unsent > 0) {
      console.state(describeUnsent(ending, unsent));
    }
    return ending == Ending.GAVE_UP || unsent > 0 ? ExitCodes.GAVE_UP : ExitCodes.OK;
  }

  private String describeUnsent(Ending ending, int unsent) {
    String lead =
        switch (ending) {
          case END_OF_INPUT -> "gave up after the end of input: ";
          case SIGNAL -> "interrupted (SIGINT or SIGTERM), closed without waiting: ";
          case GAVE_UP -> "";
        };
    List<String> parts = new ArrayList<>(3);
    if (pending > 0) {
      parts.add(
          pending
              + " still queued"
              + (ending == Ending.END_OF_INPUT
                  ? " after the drain timeout of "
                      + drainTimeout.toMillis()
                      + " ms (see --drain-timeout)"
                  : ""));
    }
    if (rejected > 0) {
      parts.add(rejected + " rejected (see --max-queued and --max-queued-bytes)");
    }
    if (dropped > 0) {
      parts.add(dropped + " dropped from the queue");
    }
    return lead
        + plural(unsent, "message")
        + " of "
        + read
        + (unsent == 1 ? " was" : " were")
        + " not sent: "
        + String.join(", ", parts);
  }

  private static String why(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof UnsentMessageException unsent) {
      return switch (unsent.reason()) {
        case QUEUE_FULL -> "the queue is full (see --max-queued and --max-queued-bytes)";
        case TOO_LARGE -> "it is larger than the transport can send";
        case DROPPED -> "a newer message took its place in the full queue";
        case DRAINED -> "it was taken out of the queue";
        case SHUTDOWN -> "the socket is shutting down";
      };
    }
    return cause == null ? "unknown reason" : cause.getMessage();
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    // A CompletionException wraps the real failure once; the bound guards against odd chains.
    for (int i = 0;
        i < 4 && cause instanceof CompletionException && cause.getCause() != null;
        i++) {
      cause = cause.getCause();
    }
    return cause;
  }

  static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
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
        + plural(event.attempts(), "attempt")
        + (last == null ? "" : ", last " + describeClose(last));
  }
}
