package io.partysocket.benchmarks.transport;

import io.partysocket.ConnectGate;
import io.partysocket.EventType;
import io.partysocket.ReconnectingWebSocket;
import io.partysocket.WebSocketOptions;
import io.partysocket.spi.WebSocketFactory;
import io.partysocket.tck.server.ScriptedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The herd scenario: {@code --sockets} open sockets on one transport, one restart of the TCK's
 * {@link ScriptedServer} (every connection dropped without a close frame, as when the server
 * process exits, then a listener again on the same port), and the connections arriving at the
 * server per {@code --bin-ms} afterwards. It runs once per value of {@code --jitters} ({@code
 * reconnectionDelayJitter}) with the same fixed {@code minReconnectionDelay} ({@code
 * --min-delay-ms}), so the runs differ in the jitter only.
 *
 * <p>After a drop, the first retry of a socket that stayed open waits {@code minReconnectionDelay}
 * times {@code 1 - jitter * u}, with {@code u} uniform in [0, 1). Without jitter every socket
 * retries one delay after its drop. With jitter 1 the retries spread over one delay, so the uniform
 * share of a bin is {@code sockets * bin / minReconnectionDelay}. The sockets of a run share one
 * {@link ConnectGate}, with a cap from {@code --gates}: by default 16 attempts in flight, the cap
 * of the gate each transport gets when none is set. A cap as large as {@code --sockets} turns it
 * off.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.partysocket.benchmarks.transport.HerdScenario \
 *     --transports all --sockets 1000 --out target/herd.csv
 * </pre>
 *
 * <p>Options: {@code --transports} ({@code jdk}; comma-separated names, or {@code all}), {@code
 * --sockets} (1000), {@code --min-delay-ms} (1000), {@code --jitters} ({@code 0,1}), {@code
 * --bin-ms} (100), {@code --gates} (16; comma-separated caps), {@code --out} ({@code
 * target/herd.csv}). The CSV has one row per bin from the restart to the last arrival.
 */
public final class HerdScenario {

  /** The CSV header of {@code --out}. */
  public static final String CSV_HEADER =
      "transport,gate,jitter,sockets,min_delay_ms,bin_start_ms,arrivals";

  private HerdScenario() {}

  /** The outcome of one run. */
  public record Run(
      String transport,
      int gate,
      double jitter,
      int sockets,
      long binMillis,
      long minDelayMillis,
      long restartMillis,
      int failedAttempts,
      int[] bins) {

    /** Returns the connections that arrived after the restart. */
    public int arrivals() {
      int total = 0;
      for (int count : bins) {
        total += count;
      }
      return total;
    }

    /** Returns the index of the bin with the most arrivals (the first such bin). */
    public int busiestBin() {
      int busiest = 0;
      for (int i = 1; i < bins.length; i++) {
        if (bins[i] > bins[busiest]) {
          busiest = i;
        }
      }
      return busiest;
    }

    /** Returns the arrivals per bin if the retries spread evenly over one reconnect delay. */
    public double uniformShare() {
      return sockets * (double) binMillis / minDelayMillis;
    }
  }

  /** Runs the scenario; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    run(args);
  }

  /**
   * Runs the scenario and returns one run per transport and jitter; the quick mode calls it.
   *
   * @throws IllegalStateException if the sockets do not all open again within a minute
   */
  public static List<Run> run(String[] args) throws Exception {
    Args options =
        Args.parse(
            args,
            Set.of("transports", "sockets", "min-delay-ms", "jitters", "bin-ms", "gates", "out"));
    List<String> transports = Transports.parse(options.text("transports", "jdk"));
    int sockets = options.integer("sockets", 1000);
    Duration minDelay = options.millis("min-delay-ms", 1000);
    List<Double> jitters = options.decimals("jitters", "0,1");
    Duration bin = options.millis("bin-ms", 100);
    List<Integer> gates =
        options.integers("gates", Integer.toString(ConnectGate.DEFAULT_MAX_IN_FLIGHT));
    Path out = Path.of(options.text("out", "target/herd.csv"));

    List<Run> runs = new ArrayList<>();
    for (String transport : transports) {
      for (int gate : gates) {
        for (double jitter : jitters) {
          Run run = herd(transport, sockets, minDelay, jitter, bin, gate);
          runs.add(run);
          System.out.println(describe(run));
        }
      }
    }
    write(runs, out);
    return runs;
  }

  private static Run herd(
      String transport, int count, Duration minDelay, double jitter, Duration bin, int gate)
      throws Exception {
    try (ScriptedServer server = ScriptedServer.start();
        WebSocketFactory factory = Transports.create(transport)) {
      AtomicInteger opens = new AtomicInteger();
      AtomicInteger errors = new AtomicInteger();
      WebSocketOptions options =
          WebSocketOptions.builder()
              .transport(factory)
              .minReconnectionDelay(minDelay)
              .reconnectionDelayJitter(jitter)
              .connectGate(new ConnectGate(gate))
              .addEventListener(EventType.OPEN, event -> opens.incrementAndGet())
              .addEventListener(EventType.ERROR, event -> errors.incrementAndGet())
              .build();
      String url = server.uri("/herd").toString();
      List<ReconnectingWebSocket> sockets = new ArrayList<>(count);
      try {
        for (int i = 0; i < count; i++) {
          sockets.add(new ReconnectingWebSocket(url, options));
        }
        awaitOpens(opens, count, "the first open of every socket");
        int errorsBefore = errors.get();

        ArrivalSampler sampler = new ArrivalSampler(server);
        long start = System.nanoTime();
        long restartMillis;
        try {
          server.stop();
          server.restart();
          restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          awaitOpens(opens, 2 * count, "every socket to open again after the restart");
        } finally {
          sampler.close();
        }
        return new Run(
            transport,
            gate,
            jitter,
            count,
            bin.toMillis(),
            minDelay.toMillis(),
            restartMillis,
            errors.get() - errorsBefore,
            bins(sampler.arrivals(), start, bin));
      } finally {
        sockets.forEach(ReconnectingWebSocket::close);
      }
    }
  }

  private static int[] bins(List<ArrivalSampler.Arrivals> arrivals, long start, Duration bin) {
    long last = arrivals.isEmpty() ? start : arrivals.get(arrivals.size() - 1).nanoTime();
    int[] bins = new int[(int) ((last - start) / bin.toNanos()) + 1];
    for (ArrivalSampler.Arrivals sample : arrivals) {
      bins[(int) ((sample.nanoTime() - start) / bin.toNanos())] += sample.count();
    }
    return bins;
  }

  private static void awaitOpens(AtomicInteger opens, int expected, String description) {
    Waits.until(() -> opens.get() >= expected, description, Duration.ofMinutes(1));
  }

  /** Returns a one-line summary of a run. */
  public static String describe(Run run) {
    int busiest = run.busiestBin();
    return String.format(
        Locale.ROOT,
        "herd: %s gate %d jitter %.1f: %d arrivals and %d failed attempts after the restart (stop and"
            + " listen again: %d ms), busiest %d ms bin at %d ms with %d, uniform share %.0f,"
            + " ratio %.2f",
        run.transport(),
        run.gate(),
        run.jitter(),
        run.arrivals(),
        run.failedAttempts(),
        run.restartMillis(),
        run.binMillis(),
        busiest * run.binMillis(),
        run.bins()[busiest],
        run.uniformShare(),
        run.bins()[busiest] / run.uniformShare());
  }

  private static void write(List<Run> runs, Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(CSV_HEADER);
    for (Run run : runs) {
      for (int i = 0; i < run.bins().length; i++) {
        lines.add(
            String.format(
                Locale.ROOT,
                "%s,%d,%.2f,%d,%d,%d,%d",
                run.transport(),
                run.gate(),
                run.jitter(),
                run.sockets(),
                run.minDelayMillis(),
                i * run.binMillis(),
                run.bins()[i]));
      }
    }
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.write(out, lines);
  }
}
