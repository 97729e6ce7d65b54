package io.partysocket.benchmarks.queue;

import io.partysocket.ReconnectingWebSocket;
import io.partysocket.SendResult;
import io.partysocket.benchmarks.Payloads;
import io.partysocket.benchmarks.fake.FakeConnection;
import io.partysocket.benchmarks.fake.FakeTransport;
import io.partysocket.benchmarks.fake.FakeTransport.WriteMode;
import io.partysocket.benchmarks.fake.ManualScheduler;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code send} on an open socket whose connection completes every write at once: the whole send
 * path (queue, flush, write confirmation) for one message, beside the same message sent straight to
 * a bare {@link FakeConnection}. The queue stays empty between calls, so this one runs in steady
 * state, and its allocation per call under {@code -prof gc} is the engine's cost per sent message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class OpenSendBenchmark {

  /** The payload, whose length in ASCII characters is also its length in UTF-8 bytes. */
  @State(Scope.Benchmark)
  public static class Payload {
    @Param({"16", "256"})
    public int payloadLength;

    private String text;

    @Setup(Level.Trial)
    public void create() {
      text = Payloads.ascii(payloadLength);
    }
  }

  /** A socket open over a connection that completes every write at once. */
  @State(Scope.Thread)
  public static class OpenSocket {
    private ReconnectingWebSocket socket;
    private FakeConnection connection;

    @Setup(Level.Trial)
    public void open() {
      FakeTransport transport = new FakeTransport(WriteMode.IMMEDIATE);
      ManualScheduler scheduler = new ManualScheduler();
      socket = Sockets.startClosed(transport, scheduler);
      connection = Sockets.startAttempt(socket, transport, scheduler).open();
    }

    /** Fails the run unless the socket handed every message to its connection at once. */
    @TearDown(Level.Trial)
    public void checkSent() {
      if (connection.messages() == 0 || socket.bufferedAmount() != 0) {
        throw new IllegalStateException(
            "socket handed over "
                + connection.messages()
                + " messages and still holds "
                + socket.bufferedAmount()
                + " bytes");
      }
    }
  }

  /** A connection of the fake transport with no socket in front of it. */
  @State(Scope.Thread)
  public static class BareConnection {
    private FakeConnection connection;

    @Setup(Level.Trial)
    public void open() {
      FakeTransport transport = new FakeTransport(WriteMode.IMMEDIATE);
      ConnectRequest request = ConnectRequest.builder(URI.create(Sockets.URL)).build();
      transport.connect(request, new ConnectionListener() {});
      connection = transport.takeConnect().open();
    }
  }

  @Benchmark
  public SendResult socketSend(OpenSocket open, Payload payload) {
    return open.socket.send(payload.text);
  }

  @Benchmark
  public CompletionStage<Void> bareConnectionSend(BareConnection bare, Payload payload) {
    return bare.connection.sendText(payload.text);
  }
}
