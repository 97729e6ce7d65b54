package io.partysocket.benchmarks;

import io.partysocket.benchmarks.charts.Charts;
import io.partysocket.benchmarks.transport.HerdScenario;
import io.partysocket.benchmarks.transport.ScaleScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The quick mode: every benchmark and scenario once, briefly, to check that it runs. Its figures
 * are not measurements:
 *
 * <ul>
 *   <li>JMH benchmarks: one fork, one warm-up and one measurement iteration of at most 200 ms, and
 *       only the first payload length of each benchmark (16 for the queue, 64 for the echo);
 *   <li>the scale scenario at {@value #SCALE_SOCKETS} sockets with pauses of 500 ms;
 *   <li>the herd scenario at {@value #HERD_SOCKETS} sockets with a reconnect delay of 200 ms;
 *   <li>the charts, from those results, into the output directory's {@code images}.
 * </ul>
 *
 * <p>The build runs it as a test. The full mode is the jar's own {@code main} with the settings in
 * each benchmark's annotations, and the scenario programs with their defaults (docs/BENCHMARKS.md).
 */
public final class QuickMode {

  /** Sockets per measurement of the quick scale scenario. */
  public static final int SCALE_SOCKETS = 100;

  /** Sockets of the quick herd scenario. */
  public static final int HERD_SOCKETS = 200;

  private QuickMode() {}

  /** Returns the quick-mode options for every benchmark in this module. */
  public static Options options() {
    return new OptionsBuilder()
        .include("io\\.partysocket\\.benchmarks\\..*")
        .forks(1)
        .warmupIterations(1)
        .warmupTime(TimeValue.milliseconds(200))
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .param("payloadLength", "16")
        .param("payloadBytes", "64")
        .shouldFailOnError(true)
        .build();
  }

  /** Returns the quick scale scenario's rows, with its CSV written into {@code directory}. */
  public static List<Map<String, String>> scale(Path directory) throws Exception {
    return ScaleScenario.run(
        new String[] {
          "--transports", "all",
          "--sockets", Integer.toString(SCALE_SOCKETS),
          "--heap", "256m",
          "--settle-ms", "500",
          "--out", directory.resolve("scale.csv").toString()
        });
  }

  /** Returns the quick herd scenario's runs, with its CSV written into {@code directory}. */
  public static List<HerdScenario.Run> herd(Path directory) throws Exception {
    return HerdScenario.run(
        new String[] {
          "--transports",
          "all",
          "--sockets",
          Integer.toString(HERD_SOCKETS),
          "--min-delay-ms",
          "200",
          "--out",
          directory.resolve("herd.csv").toString()
        });
  }

  /**
   * Runs the quick mode, writing JMH's results, the scenarios' CSV files and the charts into the
   * directory given as the only argument ({@code target/quick} when there is none).
   */
  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args.length > 0 ? args[0] : "target/quick");
    Files.createDirectories(directory);
    Path jmh = directory.resolve("jmh-quick.csv");
    new Runner(
            new OptionsBuilder()
                .parent(options())
                .resultFormat(ResultFormatType.CSV)
                .result(jmh.toString())
                .build())
        .run();
    scale(directory);
    herd(directory);
    Charts.draw(jmh, directory.resolve("herd.csv"), null, directory.resolve("images"));
  }
}
