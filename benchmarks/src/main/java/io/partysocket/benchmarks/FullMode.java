package io.partysocket.benchmarks;

import io.partysocket.benchmarks.charts.Charts;
import io.partysocket.benchmarks.transport.HerdScenario;
import io.partysocket.benchmarks.transport.ReconnectPhases;
import io.partysocket.benchmarks.transport.ScaleScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The full mode: every benchmark and scenario with the settings that docs/BENCHMARKS.md reports,
 * one after the other, into one output directory. It takes about 35 minutes on 2 cores:
 *
 * <ol>
 *   <li>every JMH benchmark with the settings in its annotations and the GC profiler, into {@code
 *       jmh.csv};
 *   <li>{@link ReconnectPhases} on every transport, 3,000 cycles each, printed;
 *   <li>{@link HerdScenario} on every transport with 1,000 sockets and connect gates of 16 and
 *       1,000, into {@code herd.csv};
 *   <li>{@link ScaleScenario} on every transport at 1,000 sockets with the heap per class, into
 *       {@code scale-1000.csv} and the {@code histogram-*.csv} files, then at 10,000 sockets with a
 *       4 GiB heap, into {@code scale-10000.csv};
 *   <li>the charts, into {@code images}.
 * </ol>
 *
 * <p>Run it on an otherwise idle machine: the figures are ratios within one run, but a load that
 * changes during the run still widens them.
 */
public final class FullMode {

  private FullMode() {}

  /**
   * Runs the full mode, writing into the directory given as the only argument ({@code target/full}
   * when there is none).
   */
  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args.length > 0 ? args[0] : "target/full");
    Files.createDirectories(directory);
    Path jmh = directory.resolve("jmh.csv");
    new Runner(
            new OptionsBuilder()
                .include("io\\.partysocket\\.benchmarks\\..*")
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.CSV)
                .result(jmh.toString())
                .shouldFailOnError(true)
                .build())
        .run();
    ReconnectPhases.main(new String[] {"--transports", "all", "--cycles", "3000"});
    HerdScenario.run(
        new String[] {
          "--transports", "all",
          "--sockets", "1000",
          "--gates", "16,1000",
          "--out", directory.resolve("herd.csv").toString()
        });
    ScaleScenario.run(
        new String[] {
          "--transports", "all",
          "--sockets", "1000",
          "--histogram", "true",
          "--out", directory.resolve("scale-1000.csv").toString()
        });
    ScaleScenario.run(
        new String[] {
          "--transports", "all",
          "--sockets", "10000",
          "--heap", "4g",
          "--out", directory.resolve("scale-10000.csv").toString()
        });
    Charts.draw(jmh, directory.resolve("herd.csv"), null, directory.resolve("images"));
  }
}
