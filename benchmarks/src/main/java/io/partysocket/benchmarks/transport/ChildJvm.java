package io.partysocket.benchmarks.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Java program of this module run in its own JVM, with this JVM's class path. Lines that the
 * child prints on standard output are read by a daemon thread; {@link #awaitLine} returns the first
 * one with a given prefix and the others are copied to this JVM's standard output. Its standard
 * error goes to this JVM's.
 *
 * <p>Closing it closes the child's standard input, which makes {@link ServerMain} stop, and then
 * ends the process if it has not exited within 10 seconds. Not thread-safe.
 */
final class ChildJvm implements AutoCloseable {

  private static final String END_OF_OUTPUT = "\u0000end";
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ChildJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(this::readOutput, "bench-child-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code mainClass} in a new JVM.
   *
   * @param jvmOptions options such as {@code -Xmx1g}
   * @param arguments the program's arguments
   * @throws UncheckedIOException if the process cannot be started
   */
  static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(arguments);
    try {
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      return new ChildJvm(mainClass.getSimpleName(), process);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to start " + mainClass.getName(), e);
    }
  }

  /**
   * Returns the rest of the first output line that starts with {@code prefix}.
   *
   * @throws IllegalStateException if the child prints no such line within {@code timeout}, or exits
   *     first
   */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
      if (line == null) {
        throw new IllegalStateException(
            name + " (pid " + process.pid() + ") printed no \"" + prefix + "\" line in " + timeout);
      }
      if (line.equals(END_OF_OUTPUT)) {
        throw new IllegalStateException(
            name + " (pid " + process.pid() + ") exited before printing a \"" + prefix + "\" line");
      }
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).strip();
      }
      System.out.println("[" + name + "] " + line);
    }
  }

  /**
   * Waits for the child to exit and returns its exit code.
   *
   * @throws IllegalStateException if it is still running after {@code timeout}
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          name + " (pid " + process.pid() + ") still running after " + timeout);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The child has exited already, or will be ended below.
    }
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroy();
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void readOutput() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // The process ended, and the END_OF_OUTPUT marker added below wakes the waiting thread.
    } finally {
      lines.add(END_OF_OUTPUT);
    }
  }
}
