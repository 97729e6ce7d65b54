package io.partysocket.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.benchmarks.charts.Charts;
import io.partysocket.benchmarks.transport.HerdScenario;
import io.partysocket.benchmarks.transport.Transports;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the quick mode and checks that every benchmark, scenario and chart produced a result. It
 * checks no timing: the figures of a quick run on a shared machine mean nothing.
 */
class QuickModeTest {

  private static final Path OUTPUT = Path.of("target", "quick");

  @Test
  void quickMode_everyBenchmark_producesResult() throws Exception {
    Files.createDirectories(OUTPUT);
    Path csv = OUTPUT.resolve("jmh-quick.csv");
    Options options =
        new OptionsBuilder()
            .parent(QuickMode.options())
            .output(OUTPUT.resolve("jmh-quick.txt").toString())
            .resultFormat(ResultFormatType.CSV)
            .result(csv.toString())
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> declared = declaredBenchmarks();
    Set<String> produced =
        results.stream().map(r -> r.getParams().getBenchmark()).collect(Collectors.toSet());
    assertThat(declared).isNotEmpty();
    assertThat(produced).containsExactlyInAnyOrderElementsOf(declared);
    for (RunResult result : results) {
      assertThat(result.getPrimaryResult().getSampleCount())
          .as(result.getParams().getBenchmark() + " " + result.getParams())
          .isPositive();
    }
    List<Path> charts = Charts.draw(csv, null, null, OUTPUT.resolve("images"));
    assertThat(charts)
        .extracting(path -> path.getFileName().toString())
        .containsExactly("throughput-ratio.png", "reconnect-ratio.png");
    for (Path chart : charts) {
      assertThat(Files.size(chart)).as(chart.toString()).isPositive();
    }
  }

  @Test
  void scaleScenario_quick_measuresEveryTransportAndMode() throws Exception {
    List<Map<String, String>> rows = QuickMode.scale(OUTPUT);

    assertThat(rows)
        .extracting(row -> row.get("transport") + "/" + row.get("mode"))
        .containsExactlyElementsOf(
            Transports.NAMES.stream()
                .flatMap(name -> List.of(name + "/bare", name + "/socket").stream())
                .toList());
    for (Map<String, String> row : rows) {
      assertThat(row).doesNotContainKey("failure");
      assertThat(Long.parseLong(row.get("heapAfter"))).as(row.toString()).isPositive();
      assertThat(Integer.parseInt(row.get("threadsAfter"))).as(row.toString()).isPositive();
    }
  }

  @Test
  void herdScenario_quick_reconnectsEverySocket() throws Exception {
    List<HerdScenario.Run> runs = QuickMode.herd(OUTPUT);

    assertThat(runs).hasSize(2 * Transports.NAMES.size());
    for (HerdScenario.Run run : runs) {
      assertThat(run.arrivals())
          .as(HerdScenario.describe(run))
          .isGreaterThanOrEqualTo(run.sockets());
    }
    List<Path> charts =
        Charts.draw(null, OUTPUT.resolve("herd.csv"), null, OUTPUT.resolve("images"));
    assertThat(charts).hasSize(Transports.NAMES.size());
    for (Path chart : charts) {
      assertThat(Files.size(chart)).as(chart.toString()).isPositive();
    }
  }

  private static Set<String> declaredBenchmarks() {
    var silent =
        OutputFormatFactory.createFormatInstance(
            new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);
    return BenchmarkList.defaultList().find(silent, List.of(".*"), List.of()).stream()
        .map(BenchmarkListEntry::getUsername)
        .collect(Collectors.toSet());
  }
}
