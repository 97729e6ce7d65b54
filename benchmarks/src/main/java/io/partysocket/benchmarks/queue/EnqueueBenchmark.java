package io.partysocket.benchmarks.queue;

import io.partysocket.ReconnectingWebSocket;
import io.partysocket.benchmarks.Payloads;
import io.partysocket.benchmarks.fake.FakeTransport;
import io.partysocket.benchmarks.fake.FakeTransport.WriteMode;
import io.partysocket.benchmarks.fake.ManualScheduler;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code send} on a socket that is not open, so every message is queued, beside two baselines that
 * queue the same kind of message object: {@link ConcurrentLinkedQueue#offer} and an {@link
 * ArrayDeque} under a {@link ReentrantLock}. Each runs on 1 thread and on 4 threads sharing one
 * queue.
 *
 * <p>A queue that grew for a whole timed second would hold tens of millions of messages and measure
 * the garbage collector. So every iteration starts from empty queues and queues {@value #BATCH}
 * messages, split evenly among the threads, each thread timing its share in a single invocation
 * ({@link Mode#SingleShotTime}). The score is the time per message on one thread. With 4 threads
 * the queue takes 4 messages in that time.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 50)
@Measurement(iterations = 100)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class EnqueueBenchmark {

  /** Messages queued per iteration, by one thread or split among four. */
  public static final int BATCH = 100_000;

  private static final int SHARE_OF_4 = BATCH / 4;

  /** Payload length in ASCII characters, so also in UTF-8 bytes. */
  @Param({"16", "256"})
  public int payloadLength;

  private String payload;

  // Replaced before each iteration and shared by the threads of that iteration.
  private ReconnectingWebSocket socket;
  private ConcurrentLinkedQueue<QueuedText> concurrentQueue;
  private ReentrantLock lock;
  private ArrayDeque<QueuedText> lockedDeque;

  @Setup(Level.Trial)
  public void createPayload() {
    payload = Payloads.ascii(payloadLength);
  }

  @Setup(Level.Iteration)
  public void createEmptyQueues() {
    socket = Sockets.startClosed(new FakeTransport(WriteMode.IMMEDIATE), new ManualScheduler());
    concurrentQueue = new ConcurrentLinkedQueue<>();
    lock = new ReentrantLock();
    lockedDeque = new ArrayDeque<>();
  }

  /** Fails the run unless the queue under test contains every message the iteration sent. */
  @TearDown(Level.Iteration)
  public void checkQueued(BenchmarkParams params) {
    long expected = (long) params.getThreads() * params.getOpsPerInvocation();
    long queued =
        socket.bufferedAmount() / payloadLength + concurrentQueue.size() + lockedDeque.size();
    if (queued != expected) {
      throw new IllegalStateException(
          params.getBenchmark() + " queued " + queued + " messages but sent " + expected);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void socketSend(Blackhole blackhole) {
    sendBatch(blackhole, BATCH);
  }

  @Benchmark
  @Threads(4)
  @OperationsPerInvocation(SHARE_OF_4)
  public void socketSend4Threads(Blackhole blackhole) {
    sendBatch(blackhole, SHARE_OF_4);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void concurrentLinkedQueueOffer(Blackhole blackhole) {
    offerBatch(blackhole, BATCH);
  }

  @Benchmark
  @Threads(4)
  @OperationsPerInvocation(SHARE_OF_4)
  public void concurrentLinkedQueueOffer4Threads(Blackhole blackhole) {
    offerBatch(blackhole, SHARE_OF_4);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void lockedArrayDequeAdd(Blackhole blackhole) {
    addBatch(blackhole, BATCH);
  }

  @Benchmark
  @Threads(4)
  @OperationsPerInvocation(SHARE_OF_4)
  public void lockedArrayDequeAdd4Threads(Blackhole blackhole) {
    addBatch(blackhole, SHARE_OF_4);
  }

  private void sendBatch(Blackhole blackhole, int count) {
    ReconnectingWebSocket target = socket;
    String text = payload;
    for (int i = 0; i < count; i++) {
      blackhole.consume(target.send(text));
    }
  }

  private void offerBatch(Blackhole blackhole, int count) {
    ConcurrentLinkedQueue<QueuedText> target = concurrentQueue;
    String text = payload;
    for (int i = 0; i < count; i++) {
      QueuedText message = QueuedText.of(text);
      target.offer(message);
      blackhole.consume(message);
    }
  }

  private void addBatch(Blackhole blackhole, int count) {
    ReentrantLock guard = lock;
    ArrayDeque<QueuedText> target = lockedDeque;
    String text = payload;
    for (int i = 0; i < count; i++) {
      QueuedText message = QueuedText.of(text);
      guard.lock();
      try {
        target.addLast(message);
      } finally {
        guard.unlock();
      }
      blackhole.consume(message);
    }
  }
}
