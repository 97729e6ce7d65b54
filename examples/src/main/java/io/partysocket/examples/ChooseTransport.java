package io.partysocket.examples;

import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import io.partysocket.spi.WebSocketFactory;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Chooses the transport by name, connects, sends one message and prints the reply.
 *
 * <p>Usage: {@code ChooseTransport URL [NAME]}, for example {@code ChooseTransport
 * wss://echo.example/ws jdk}. The core finds transports on the class path with {@link
 * java.util.ServiceLoader}. Without a name it takes the one with the highest priority; a name picks
 * one through {@link WebSocketOptions.Builder#transportName}, and the system property {@code
 * -Dpartysocket.transport=NAME} does the same without code. The examples carry the {@code jdk} and
 * {@code okhttp} transports, so without a name the socket takes {@code okhttp} (priority 30 over
 * 20); add {@code partysocket-transport-netty}, {@code -jetty} or {@code -tyrus} to choose among
 * more. An unknown name fails with a message that lists the names found.
 */
public final class ChooseTransport {

  private static final long REPLY_SECONDS = 10;

  private ChooseTransport() {}

  /** Runs the example; see the class description. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println(
          "usage: ChooseTransport URL [NAME]   (for example: ws://localhost:8080 jdk)");
      System.exit(2);
    }
    String name = args.length == 2 ? args[1] : null;
    System.exit(run(args[0], name, System.out) ? 0 : 1);
  }

  /**
   * Connects to {@code url} with the transport named {@code name}, or the system property's or the
   * highest priority one when it is null, and prints the first reply to a greeting.
   *
   * @return whether a reply arrived in time
   * @throws IllegalArgumentException if no transport has the name
   */
  static boolean run(String url, String name, PrintStream output) throws InterruptedException {
    WebSocketOptions.Builder options =
        WebSocketOptions.builder().connectionTimeout(Duration.ofSeconds(5)).maxRetries(3);
    if (name != null) {
      options.transportName(name);
    }
    CompletableFuture<String> reply = new CompletableFuture<>();
    try (ReconnectingWebSocket socket = new ReconnectingWebSocket(url, options.build())) {
      WebSocketFactory transport = socket.transport();
      output.println("transport " + transport.name() + " (priority " + transport.priority() + ")");
      socket.addEventListener(
          EventType.MESSAGE, event -> reply.complete(event.isText() ? event.text() : "(binary)"));
      socket.send("hello from " + transport.name());
      output.println("reply: " + reply.get(REPLY_SECONDS, TimeUnit.SECONDS));
      return true;
    } catch (TimeoutException | ExecutionException e) {
      output.println("no reply within " + REPLY_SECONDS + " s");
      return false;
    }
  }
}
