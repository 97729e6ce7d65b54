package io.partysocket.benchmarks.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bins of a herd CSV written by {@code HerdScenario}, grouped by run. Immutable. */
public final class HerdCsv {

  /** One run: its transport, gate cap and jitter, and its arrivals per bin. */
  public record Run(
      String transport,
      int gate,
      double jitter,
      int sockets,
      long minDelayMillis,
      long binMillis,
      List<Integer> arrivals) {

    /** Returns the arrivals per bin if the retries spread evenly over one reconnect delay. */
    public double uniformShare() {
      return sockets * (double) binMillis / minDelayMillis;
    }

    /** Returns the largest number of arrivals in one bin. */
    public int busiest() {
      return arrivals.stream().mapToInt(Integer::intValue).max().orElse(0);
    }
  }

  private HerdCsv() {}

  /**
   * Reads the runs of a herd CSV, in file order.
   *
   * @throws IllegalArgumentException if the header is not the herd scenario's
   */
  public static List<Run> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String header = "transport,gate,jitter,sockets,min_delay_ms,bin_start_ms,arrivals";
    if (lines.isEmpty() || !lines.get(0).equals(header)) {
      throw new IllegalArgumentException(
          "file must be a herd CSV with the header " + header + " but " + file + " is not");
    }
    Map<String, List<String[]>> byRun = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",");
      byRun
          .computeIfAbsent(fields[0] + "," + fields[1] + "," + fields[2], k -> new ArrayList<>())
          .add(fields);
    }
    List<Run> runs = new ArrayList<>();
    for (List<String[]> rows : byRun.values()) {
      String[] first = rows.get(0);
      long bin = rows.size() > 1 ? Long.parseLong(rows.get(1)[5]) - Long.parseLong(first[5]) : 100;
      List<Integer> arrivals = new ArrayList<>();
      for (String[] row : rows) {
        arrivals.add(Integer.parseInt(row[6]));
      }
      runs.add(
          new Run(
              first[0],
              Integer.parseInt(first[1]),
              Double.parseDouble(first[2]),
              Integer.parseInt(first[3]),
              Long.parseLong(first[4]),
              bin,
              arrivals));
    }
    return runs;
  }
}
