package io.partysocket.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The {@code partysocket} command run as a separate JVM, as a user runs it: arguments, a pipe to
 * its standard input, and its standard output and error collected line by line. Closing it destroys
 * the process by PID if it is still running.
 */
final class CliProcess implements AutoCloseable {

  private final Process process;
  private final Writer stdin;
  private final List<String> stdout = new ArrayList<>();
  private final List<String> stderr = new ArrayList<>();
  private final Thread stdoutReader;
  private final Thread stderrReader;

  private CliProcess(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    stdoutReader = collect(process.getInputStream(), stdout, "stdout");
    stderrReader = collect(process.getErrorStream(), stderr, "stderr");
  }

  /** Starts {@code partysocket} with {@code args} on this test's class path. */
  static CliProcess start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return new CliProcess(new ProcessBuilder(command).start());
  }

  /** Writes one line to the command's standard input. */
  void send(String line) throws IOException {
    stdin.write(line);
    stdin.write('\n');
    stdin.flush();
  }

  /** Ends the command's standard input. */
  void endInput() throws IOException {
    stdin.close();
  }

  /**
   * Sends a signal by name: {@code INT}, as Ctrl-C in a terminal does, or {@code TERM}. Check
   * {@link #sigintIgnored()} before sending {@code INT}.
   */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /**
   * Returns whether this JVM ignores SIGINT, as a job started in the background by a shell without
   * job control does. The command then inherits that, and Ctrl-C cannot reach it.
   */
  static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
        // SIGINT is signal 2, which is bit 1 of the mask.
        return (ignored & (1L << 1)) != 0;
      }
    }
    return false;
  }

  /**
   * Waits for the command to exit and for its last output lines to be read, and returns its exit
   * code.
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "partysocket did not exit within " + timeout.toMillis() + " ms; stderr: " + stderr());
    }
    // The readers reach the end of both pipes only after the process exits.
    for (Thread reader : List.of(stdoutReader, stderrReader)) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      reader.join(Math.max(left, 1));
      if (reader.isAlive()) {
        throw new AssertionError(
            reader.getName() + " not read to the end within " + timeout.toMillis() + " ms");
      }
    }
    return process.exitValue();
  }

  /** Waits until a line of standard error matches, and returns it. */
  String awaitStderr(Predicate<String> condition, Duration timeout) throws InterruptedException {
    return await(stderr, condition, timeout, "stderr");
  }

  /** Waits until a line of standard output matches, and returns it. */
  String awaitStdout(Predicate<String> condition, Duration timeout) throws InterruptedException {
    return await(stdout, condition, timeout, "stdout");
  }

  List<String> stdout() {
    synchronized (stdout) {
      return List.copyOf(stdout);
    }
  }

  List<String> stderr() {
    synchronized (stderr) {
      return List.copyOf(stderr);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String await(
      List<String> lines, Predicate<String> condition, Duration timeout, String name)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        for (String line : lines) {
          if (condition.test(line)) {
            return line;
          }
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new AssertionError(
              "no matching line on " + name + " within " + timeout.toMillis() + " ms: " + lines);
        }
        lines.wait(left);
      }
    }
  }

  private static Thread collect(InputStream stream, List<String> lines, String name) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                  }
                }
              } catch (IOException e) {
                // The process ended; what was read is kept.
              }
            },
            "cli-" + name);
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
