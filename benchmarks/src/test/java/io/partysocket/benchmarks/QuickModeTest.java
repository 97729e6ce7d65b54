package io.partysocket.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the quick mode and checks that every benchmark ran to a result. It checks no timing: the
 * figures of a quick run on a shared machine mean nothing.
 */
class QuickModeTest {

  @Test
  void quickMode_everyBenchmark_producesResult() throws Exception {
    Options options =
        new OptionsBuilder().parent(QuickMode.options()).output("target/jmh-quick.txt").build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> declared = declaredBenchmarks();
    Set<String> produced =
        results.stream().map(r -> r.getParams().getBenchmark()).collect(Collectors.toSet());
    assertThat(declared).isNotEmpty();
    assertThat(produced).containsExactlyInAnyOrderElementsOf(declared);
    for (RunResult result : results) {
      assertThat(result.getPrimaryResult().getSampleCount())
          .as(result.getParams().getBenchmark())
          .isPositive();
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
