package io.partysocket.benchmarks.queue;

import io.partysocket.ReconnectingWebSocket;
import io.partysocket.benchmarks.Payloads;
import io.partysocket.benchmarks.fake.FakeConnection;
import io.partysocket.benchmarks.fake.FakeTransport;
import io.partysocket.benchmarks.fake.FakeTransport.PendingConnect;
import io.partysocket.benchmarks.fake.FakeTransport.WriteMode;
import io.partysocket.benchmarks.fake.ManualScheduler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The flush of {@value #MESSAGES} queued messages when a connection opens: the time from the
 * transport's {@code onOpen} call until the last message was handed to the connection, beside a
 * baseline that moves as many messages from an {@link ArrayDeque} to a list. The score is the time
 * per message, and {@value #MESSAGES} times the score is the time of one flush.
 *
 * <p>The engine runs the flush inside {@code onOpen}, on the thread that opens the connection, so
 * the timed call is {@link PendingConnect#open()}. It also delivers the open event, to no listener.
 * The messages are queued in an untimed setup before each call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(FlushBenchmark.MESSAGES)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class FlushBenchmark {

  /** Messages queued before each flush. */
  public static final int MESSAGES = 10_000;

  private static final String PAYLOAD = Payloads.ascii(16);

  /** A socket with {@value #MESSAGES} queued messages and a connect call waiting to open. */
  @State(Scope.Thread)
  public static class Backlog {

    /**
     * {@code IMMEDIATE}: each write stage is complete when returned, so the engine also confirms
     * every message during the flush. {@code HELD}: no write completes, so the flush only hands
     * messages over.
     */
    @Param({"IMMEDIATE", "HELD"})
    public WriteMode writes;

    private PendingConnect connect;
    private FakeConnection connection;

    @Setup(Level.Invocation)
    public void queueMessages() {
      FakeTransport transport = new FakeTransport(writes);
      ManualScheduler scheduler = new ManualScheduler();
      ReconnectingWebSocket socket = Sockets.startClosed(transport, scheduler);
      for (int i = 0; i < MESSAGES; i++) {
        socket.send(PAYLOAD);
      }
      connect = Sockets.startAttempt(socket, transport, scheduler);
    }

    /** Fails the run unless the open handed every queued message to the connection. */
    @TearDown(Level.Invocation)
    public void checkFlushed() {
      long handed = connection.messages();
      if (handed != MESSAGES) {
        throw new IllegalStateException("flush handed over " + handed + " of " + MESSAGES);
      }
      connect = null;
      connection = null;
    }
  }

  /** An {@link ArrayDeque} with {@value #MESSAGES} messages. */
  @State(Scope.Thread)
  public static class DequeBacklog {
    private ArrayDeque<QueuedText> deque;
    private List<QueuedText> moved;

    @Setup(Level.Invocation)
    public void fill() {
      deque = new ArrayDeque<>();
      for (int i = 0; i < MESSAGES; i++) {
        deque.addLast(QueuedText.of(PAYLOAD));
      }
    }

    /** Fails the run unless every message was moved. */
    @TearDown(Level.Invocation)
    public void checkMoved() {
      if (moved.size() != MESSAGES) {
        throw new IllegalStateException("moved " + moved.size() + " of " + MESSAGES);
      }
      deque = null;
      moved = null;
    }
  }

  @Benchmark
  public FakeConnection socketFlushOnOpen(Backlog backlog) {
    backlog.connection = backlog.connect.open();
    return backlog.connection;
  }

  @Benchmark
  public List<QueuedText> arrayDequeToList(DequeBacklog backlog) {
    ArrayDeque<QueuedText> source = backlog.deque;
    List<QueuedText> target = new ArrayList<>();
    QueuedText message;
    while ((message = source.pollFirst()) != null) {
      target.add(message);
    }
    backlog.moved = target;
    return target;
  }
}
