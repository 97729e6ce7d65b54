package io.partysocket.examples;

import io.partysocket.EventType;
import io.partysocket.PartySocket;
import io.partysocket.PartySocketOptions;
import io.partysocket.SendResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Chat in a PartyKit room: each line of standard input goes to the room, and each message from the
 * room is printed on standard output. Connection changes go to standard error.
 *
 * <p>Usage: {@code RoomChat HOST ROOM}, for example {@code RoomChat localhost:1999 my-room} for a
 * PartyKit development server. The socket connects to {@code ws://HOST/parties/main/ROOM} ({@code
 * wss} for a public host) with a random connection id, reconnects after every drop, and queues the
 * lines typed while it is down. End of input (Ctrl-D) leaves the room.
 */
public final class RoomChat {

  /** How long the end of input waits for queued lines to be sent before closing. */
  private static final long DRAIN_SECONDS = 5;

  private RoomChat() {}

  /** Runs the chat on standard input and output; see the class description. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: RoomChat HOST ROOM   (for example: localhost:1999 my-room)");
      System.exit(2);
    }
    PartySocketOptions options = PartySocketOptions.builder().host(args[0]).room(args[1]).build();
    chat(options, System.in, System.out, System.err);
  }

  /**
   * Joins the room, sends each line of {@code input} and prints each text message on {@code
   * output}, until the end of {@code input}.
   */
  static void chat(
      PartySocketOptions options, InputStream input, PrintStream output, PrintStream log)
      throws IOException {
    try (PartySocket socket = new PartySocket(options)) {
      socket.addEventListener(
          EventType.MESSAGE,
          event ->
              output.println(
                  event.isText() ? event.text() : "(binary message, " + event.size() + " bytes)"));
      socket.addEventListener(
          EventType.OPEN,
          event -> log.println("joined " + socket.roomUrl() + " as " + socket.id()));
      socket.addEventListener(
          EventType.CLOSE, event -> log.println("left the room: close code " + event.code()));

      BufferedReader lines =
          new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
      SendResult last = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        last = socket.send(line);
      }
      if (last != null) {
        awaitWritten(last, log);
      }
    }
  }

  /** Waits until the last line was written, so that closing does not leave it in the queue. */
  private static void awaitWritten(SendResult last, PrintStream log) {
    CompletableFuture<Void> written = last.written().toCompletableFuture();
    try {
      written.get(DRAIN_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log.println("some lines were not sent: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
