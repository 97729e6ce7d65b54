package io.partysocket.benchmarks;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The quick mode: every benchmark once, briefly, to check that it runs. Its figures are not
 * measurements: one fork, one warm-up and one measurement iteration of at most 200 ms, and only the
 * first payload length. The build runs it as a test. The full mode is the jar's own {@code main}
 * with the settings in each benchmark's annotations.
 */
public final class QuickMode {

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
        .shouldFailOnError(true)
        .build();
  }

  /** Runs the quick mode and prints JMH's report. */
  public static void main(String[] args) throws RunnerException {
    new Runner(options()).run();
  }
}
