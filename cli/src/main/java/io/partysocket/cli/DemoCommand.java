package io.partysocket.cli;

import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.SendResult;
import io.partysocket.WebSocketOptions;
import io.partysocket.cli.demo.EchoServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code partysocket demo}: an echo server on a free loopback port that goes down and comes back
 * three times, and a client that keeps sending through it. Messages sent while the server is down
 * wait in the client's queue and are echoed after the reconnect; the summary counts them.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts an echo server on 127.0.0.1, connects to it, sends a numbered message every 200 ms"
          + " and restarts the server three times (down 1-2 s each). Messages queued while it is"
          + " down are delivered after each reconnect. Ends in about 20 s with a summary.",
      "",
      "Exit codes: 0 nothing lost, 1 a message was lost, 2 bad usage."
    })
final class DemoCommand implements Callable<Integer> {

  /** How long the server stays down at each restart: between 1 and 2 seconds. */
  private static final List<Duration> DOWNTIMES =
      List.of(Duration.ofMillis(1500), Duration.ofMillis(1200), Duration.ofMillis(1800));

  private static final Duration UPTIME = Duration.ofSeconds(3);
  private static final Duration SEND_INTERVAL = Duration.ofMillis(200);
  private static final Duration ECHO_WAIT = Duration.ofSeconds(5);

  @Option(
      names = "--transport",
      paramLabel = "NAME",
      description = "Transport to use (default: the highest priority found).")
  String transport;

  private final Console console;
  private final Object echoes = new Object();

  /** Held while sending one message, and while the server stops, so the two never overlap. */
  private final Object sending = new Object();

  private final Set<Integer> echoed = ConcurrentHashMap.newKeySet();
  private final Set<Integer> queuedWhileDown = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger opens = new AtomicInteger();

  DemoCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    Transports.requireKnown(transport);
    EchoServer server = new EchoServer();
    int port = server.start(0);
    String url = "ws://127.0.0.1:" + port + "/demo";
    console.state("demo: echo server listening on " + url);
    WebSocketOptions.Builder options =
        WebSocketOptions.builder()
            .minReconnectionDelay(Duration.ofMillis(250))
            .maxReconnectionDelay(Duration.ofSeconds(1))
            .reconnectionDelayGrowFactor(1.5)
            .connectionTimeout(Duration.ofSeconds(2))
            .startClosed(true);
    if (transport != null) {
      options.transportName(transport);
    }
    ReconnectingWebSocket socket = new ReconnectingWebSocket(url, options.build());
    console.state("demo: client uses the " + socket.transport().name() + " transport");
    Session.report(socket, console);
    socket.addEventListener(EventType.OPEN, event -> opens.incrementAndGet());
    socket.addEventListener(EventType.MESSAGE, event -> onEcho(event.text()));
    // Connect only now, so that the first open is counted and reported.
    socket.reconnect();
    ScheduledExecutorService sender =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "partysocket-demo-sender");
              thread.setDaemon(true);
              return thread;
            });
    try {
      sender.scheduleAtFixedRate(
          () -> send(socket),
          SEND_INTERVAL.toMillis(),
          SEND_INTERVAL.toMillis(),
          TimeUnit.MILLISECONDS);
      runRestarts(server, port, socket);
      sender.shutdown();
      sender.awaitTermination(1, TimeUnit.SECONDS);
      awaitEchoes(ECHO_WAIT);
    } finally {
      sender.shutdownNow();
      socket.shutdown().toCompletableFuture().get(6, TimeUnit.SECONDS);
      server.stop();
    }
    return summarize();
  }

  private void runRestarts(EchoServer server, int port, ReconnectingWebSocket socket)
      throws Exception {
    Thread.sleep(UPTIME.toMillis());
    for (int restart = 0; restart < DOWNTIMES.size(); restart++) {
      // The server goes down between two messages: once the earlier ones came back, and before
      // the next one, until the client saw the close. So no message is cut off inside a server
      // that is stopping; what the demo shows is the client's queue, not TCP's own losses.
      synchronized (sending) {
        awaitEchoes(Duration.ofSeconds(1));
        server.stop();
        awaitNotOpen(socket, Duration.ofSeconds(2));
      }
      Duration down = DOWNTIMES.get(restart);
      console.state(
          "demo: server stopped (restart "
              + (restart + 1)
              + " of "
              + DOWNTIMES.size()
              + "), back in "
              + down.toMillis()
              + " ms");
      Thread.sleep(down.toMillis());
      server.start(port);
      console.state("demo: server started again on port " + port);
      Thread.sleep(UPTIME.toMillis());
    }
  }

  private void send(ReconnectingWebSocket socket) {
    int number;
    SendResult result;
    synchronized (sending) {
      number = sent.incrementAndGet();
      result = socket.send("demo-" + number);
    }
    if (result.status() == SendResult.Status.QUEUED) {
      queuedWhileDown.add(number);
      console.state("demo: queued demo-" + number + " (not connected)");
    } else if (result.status() == SendResult.Status.REJECTED) {
      console.state("demo: demo-" + number + " was rejected");
    }
  }

  private void onEcho(String text) {
    if (!text.startsWith("demo-")) {
      return;
    }
    int number = Integer.parseInt(text.substring("demo-".length()));
    boolean first = echoed.add(number);
    console.message(
        "echo "
            + text
            + (queuedWhileDown.contains(number) ? " (was queued while disconnected)" : "")
            + (first ? "" : " (duplicate)"));
    synchronized (echoes) {
      echoes.notifyAll();
    }
  }

  /** Waits until every message sent so far came back, or {@code limit} passed. */
  private void awaitEchoes(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (echoes) {
      while (echoed.size() < sent.get()) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
          return;
        }
        echoes.wait(remaining);
      }
    }
  }

  /** Waits until the socket noticed that its connection ended, or {@code limit} passed. */
  private static void awaitNotOpen(ReconnectingWebSocket socket, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (socket.readyState() == ReconnectingWebSocket.OPEN && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private int summarize() {
    int total = sent.get();
    int lost = total - echoed.size();
    console.state(
        "demo: summary: sent "
            + total
            + ", echoed "
            + echoed.size()
            + ", queued while disconnected "
            + queuedWhileDown.size()
            + ", reconnects "
            + Math.max(0, opens.get() - 1)
            + ", lost "
            + lost);
    return lost == 0 ? ExitCodes.OK : ExitCodes.GAVE_UP;
  }
}
