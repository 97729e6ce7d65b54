package io.partysocket.benchmarks.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The scale scenario: threads and heap per open idle socket, per transport, for bare transport
 * connections and for {@code ReconnectingWebSocket}s over them. Each measurement runs {@link
 * ScaleProbe} in a new JVM with a fixed heap ({@code --heap}, passed as {@code -Xms} and {@code
 * -Xmx}) against {@link ServerMain} in another new JVM, so the measured JVM holds only client
 * sockets. Writes one CSV row per measurement to {@code --out} and prints a table.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.partysocket.benchmarks.transport.ScaleScenario \
 *     --transports all --sockets 1000,10000 --out target/scale.csv
 * </pre>
 *
 * <p>Options: {@code --transports} (comma-separated names, or {@code all}), {@code --sockets}
 * (comma-separated counts), {@code --modes} ({@code bare,socket}), {@code --heap} ({@code 1g}),
 * {@code --settle-ms} (6000), {@code --histogram} ({@code true} prints the heap added per socket by
 * class and the live threads by name, and writes the heap per class to {@code
 * histogram-<transport>-<mode>-<sockets>.csv} beside {@code --out}), {@code --out} ({@code
 * target/scale.csv}).
 */
public final class ScaleScenario {

  /** The CSV header of {@code --out}. */
  public static final String CSV_HEADER =
      "transport,mode,sockets,threads_before,threads_after,heap_before,heap_after,open_millis,"
          + "failure";

  private static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(60);

  private ScaleScenario() {}

  /** Runs the scenario; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    run(args);
  }

  /**
   * Runs the scenario and returns its rows; the quick mode calls it directly.
   *
   * <p>A measurement whose probe fails (for example when the process runs out of file descriptors)
   * gives a row with a {@code failure} entry instead of figures, and the others still run.
   */
  public static List<Map<String, String>> run(String[] args) throws Exception {
    Args options =
        Args.parse(
            args,
            Set.of("transports", "sockets", "modes", "heap", "settle-ms", "histogram", "out"));
    List<String> transports = Transports.parse(options.text("transports", "all"));
    List<Integer> counts = options.integers("sockets", "1000");
    List<String> modes = List.of(options.text("modes", "bare,socket").split(","));
    String heap = options.text("heap", "1g");
    String settle = options.text("settle-ms", "6000");
    String histogram = options.text("histogram", "false");
    Path out = Path.of(options.text("out", "target/scale.csv")).toAbsolutePath();
    Files.createDirectories(out.getParent());

    List<Map<String, String>> rows = new ArrayList<>();
    for (String transport : transports) {
      for (int count : counts) {
        for (String mode : modes) {
          String histogramOut =
              histogram.equals("true")
                  ? out.resolveSibling("histogram-" + transport + "-" + mode + "-" + count + ".csv")
                      .toString()
                  : "";
          Map<String, String> row;
          try {
            row = measure(transport, mode, count, heap, settle, histogram, histogramOut);
          } catch (IllegalStateException e) {
            // One transport that cannot reach the count (threads, descriptors, heap) must not
            // cost the figures of the others; the row records why.
            row = new HashMap<>();
            row.put("transport", transport);
            row.put("mode", mode);
            row.put("sockets", Integer.toString(count));
            row.put("failure", e.getMessage());
          }
          rows.add(row);
          System.out.println("scale: " + row);
        }
      }
    }
    write(rows, out);
    System.out.println(table(rows));
    return rows;
  }

  private static Map<String, String> measure(
      String transport,
      String mode,
      int count,
      String heap,
      String settle,
      String histogram,
      String histogramOut)
      throws InterruptedException {
    Duration probeTimeout = Duration.ofMinutes(5).plusMillis(30L * count);
    try (ChildJvm server = ChildJvm.start(ServerMain.class, List.of("-Xmx2g"), List.of())) {
      String port = server.awaitLine("PORT", SERVER_START_TIMEOUT);
      // A probe that runs out of heap or threads exits at once instead of hanging.
      List<String> jvm = List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError");
      List<String> probeArgs =
          List.of(
              "--transport", transport,
              "--mode", mode,
              "--sockets", Integer.toString(count),
              "--port", port,
              "--settle-ms", settle,
              "--histogram", histogram,
              "--histogram-out", histogramOut);
      try (ChildJvm probe = ChildJvm.start(ScaleProbe.class, jvm, probeArgs)) {
        String result = probe.awaitLine("RESULT", probeTimeout);
        int exit = probe.awaitExit(Duration.ofMinutes(1));
        if (exit != 0) {
          throw new IllegalStateException("scale probe exited with " + exit);
        }
        return parse(result);
      }
    }
  }

  private static Map<String, String> parse(String result) {
    Map<String, String> row = new HashMap<>();
    for (String pair : result.split(" ")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        row.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
    }
    return row;
  }

  private static void write(List<Map<String, String>> rows, Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(CSV_HEADER);
    for (Map<String, String> row : rows) {
      lines.add(
          String.join(
              ",",
              row.get("transport"),
              row.get("mode"),
              row.get("sockets"),
              row.getOrDefault("threadsBefore", ""),
              row.getOrDefault("threadsAfter", ""),
              row.getOrDefault("heapBefore", ""),
              row.getOrDefault("heapAfter", ""),
              row.getOrDefault("openMillis", ""),
              row.getOrDefault("failure", "").replace(',', ';')));
    }
    Files.write(out, lines);
  }

  /** Returns a Markdown table of threads and heap per socket, one line per measurement. */
  static String table(List<Map<String, String>> rows) {
    StringBuilder text = new StringBuilder();
    text.append(
            "| transport | mode | sockets | threads before | threads after | threads per socket")
        .append(" | heap per socket | open all (ms) |\n");
    text.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Map<String, String> row : rows) {
      int sockets = Integer.parseInt(row.get("sockets"));
      if (row.containsKey("failure")) {
        text.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,d | failed: %s | | | | |%n",
                row.get("transport"),
                row.get("mode"),
                sockets,
                row.get("failure")));
        continue;
      }
      long threads =
          Long.parseLong(row.get("threadsAfter")) - Long.parseLong(row.get("threadsBefore"));
      long heap = Long.parseLong(row.get("heapAfter")) - Long.parseLong(row.get("heapBefore"));
      text.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %s | %s | %.3f | %,.0f B | %s |%n",
              row.get("transport"),
              row.get("mode"),
              sockets,
              row.get("threadsBefore"),
              row.get("threadsAfter"),
              threads / (double) sockets,
              heap / (double) sockets,
              row.get("openMillis")));
    }
    return text.toString();
  }
}
