package io.partysocket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.tck.RecordingListener.Binary;
import io.partysocket.tck.internal.Frame;
import io.partysocket.tck.server.Handshake;
import io.partysocket.tck.server.ServerEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Message cases: echo, order, concurrency, fragments, limits, buffering. */
abstract class MessageCases extends CaseSupport {

  MessageCases(TransportTck owner) {
    super(owner);
  }

  @Test
  void echoTextUnicode() {
    Link link = openScripted("/text");
    List<String> texts =
        List.of("", "ascii", "grüße", "日本語", "emoji 😀🎉", "ab€😀".repeat(40 * 1024));

    for (String text : texts) {
      await(link.connection().sendText(text));
    }

    assertThat(link.listener().awaitTexts(texts.size(), WAIT)).isEqualTo(texts);
    assertThat(link.peer().texts()).isEqualTo(texts);
  }

  @Test
  void echoBinary() {
    Link link = openScripted("/binary");
    List<byte[]> messages = List.of(new byte[0], new byte[] {42}, randomBytes(1 << 20, 21));
    ByteBuffer window = ByteBuffer.wrap(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    window.position(3).limit(8);

    for (byte[] message : messages) {
      await(link.connection().sendBinary(ByteBuffer.wrap(message)));
    }
    CompletionStage<Void> partial = link.connection().sendBinary(window);
    assertThat(window.position()).as("position right after sendBinary").isEqualTo(3);
    await(partial);

    List<byte[]> received = link.listener().awaitBinaries(4, WAIT);
    for (int i = 0; i < messages.size(); i++) {
      assertThat(received.get(i)).as("message %d", i).isEqualTo(messages.get(i));
    }
    assertThat(received.get(3)).isEqualTo(new byte[] {3, 4, 5, 6, 7});
    assertThat(window.position()).as("position after the send completed").isEqualTo(3);
    for (Binary binary : link.listener().events(Binary.class)) {
      byte[] now = new byte[binary.data().remaining()];
      binary.data().duplicate().get(now);
      assertThat(now)
          .as("buffer handed to onBinary, after later messages")
          .isEqualTo(binary.copy());
    }
  }

  @Test
  void orderPreservedSingleSender() {
    Link link = openScripted("/order");
    int count = 10_000;
    List<String> expected = new ArrayList<>(count);
    List<CompletableFuture<Void>> sends = new ArrayList<>(count);

    for (int i = 0; i < count; i++) {
      expected.add("m" + i);
      sends.add(link.connection().sendText("m" + i).toCompletableFuture());
    }
    await(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)), Duration.ofSeconds(20));

    assertThat(link.listener().awaitTexts(count, Duration.ofSeconds(20))).isEqualTo(expected);
    assertThat(link.peer().texts()).isEqualTo(expected);
  }

  @Test
  void concurrentSenders() throws InterruptedException {
    Link link = openScripted("/concurrent");
    int threads = 8;
    int perThread = 500;
    ConcurrentLinkedQueue<CompletableFuture<Void>> sends = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> senders = new ArrayList<>();

    for (int t = 0; t < threads; t++) {
      int sender = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    sends.add(link.connection().sendText(sender + ":" + i).toCompletableFuture());
                  }
                } catch (InterruptedException | RuntimeException e) {
                  thrown.add(e);
                }
              },
              "tck-sender-" + t);
      senders.add(thread);
      thread.start();
    }
    start.countDown();
    for (Thread thread : senders) {
      thread.join(TimeUnit.SECONDS.toMillis(20));
    }

    assertThat(thrown).as("exceptions thrown by sendText").isEmpty();
    assertThat(sends).hasSize(threads * perThread);
    await(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)), Duration.ofSeconds(20));
    List<String> received =
        link.peer().awaitCount(ServerEvent.Text.class, threads * perThread, WAIT).stream()
            .map(ServerEvent.Text::text)
            .toList();
    for (int t = 0; t < threads; t++) {
      String prefix = t + ":";
      List<String> ofThread = received.stream().filter(s -> s.startsWith(prefix)).toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        expected.add(prefix + i);
      }
      assertThat(ofThread).as("messages of sender %d in arrival order", t).isEqualTo(expected);
    }
  }

  @Test
  void fragmentedInboundReassembled() {
    Link link = openScripted("/fragments");
    byte[] text = "grüße, world".getBytes(StandardCharsets.UTF_8);

    link.peer().sendFrame(Frame.OP_TEXT, false, Arrays.copyOfRange(text, 0, 3));
    link.peer().ping("mid-text".getBytes(StandardCharsets.UTF_8));
    link.peer().sendFrame(Frame.OP_CONTINUATION, false, Arrays.copyOfRange(text, 3, 8));
    link.peer().sendFrame(Frame.OP_CONTINUATION, true, Arrays.copyOfRange(text, 8, text.length));
    link.peer().sendFrame(Frame.OP_BINARY, false, new byte[] {1, 2});
    link.peer().ping("mid-binary".getBytes(StandardCharsets.UTF_8));
    link.peer().sendFrame(Frame.OP_CONTINUATION, true, new byte[] {3});

    assertThat(link.listener().awaitTexts(1, WAIT)).containsExactly("grüße, world");
    assertThat(link.listener().awaitBinaries(1, WAIT).get(0)).isEqualTo(new byte[] {1, 2, 3});
    List<ServerEvent.Pong> pongs = link.peer().awaitCount(ServerEvent.Pong.class, 2, WAIT);
    assertThat(new String(pongs.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("mid-text");
    assertThat(new String(pongs.get(1).payload(), StandardCharsets.UTF_8)).isEqualTo("mid-binary");
    assertThat(link.listener().arrivesWithin(RecordingListener.Text.class, 2, QUIET)).isFalse();
  }

  @Test
  void inboundTooLargeClosesWith1009() {
    int limit = 64 * 1024;
    Link link = openScripted(request(server.uri("/limit")).maxInboundMessageBytes(limit).build());

    link.peer().sendBinary(new byte[limit]);
    assertThat(link.listener().awaitBinaries(1, WAIT).get(0)).hasSize(limit);
    link.peer().sendBinary(new byte[70 * 1024]);

    assertPeerToldOrLeft(link, 1009);
    assertThat(link.listener().awaitClosed(WAIT).code()).isEqualTo(1009);
    assertThat(link.listener().binaries()).hasSize(1);
  }

  /**
   * Checks what the server saw of a protocol-error close: the code itself from a transport with
   * {@code protocolCloseCodes}; from one without, a close frame with the code or 1008, or a TCP end
   * without a close frame (the JDK client sometimes sends its own 1007 as it closes).
   */
  private void assertPeerToldOrLeft(Link link, int code) {
    if (capabilities().protocolCloseCodes()) {
      assertThat(link.peer().await(ServerEvent.Close.class, WAIT).code()).isEqualTo(code);
      return;
    }
    ServerEvent end =
        link.peer()
            .await(
                event -> event instanceof ServerEvent.Close || event instanceof ServerEvent.TcpEnd,
                WAIT);
    if (end instanceof ServerEvent.Close close) {
      assertThat(close.code()).as("close code sent for " + code).isIn(code, 1008);
    }
  }

  @Test
  void invalidUtf8ClosesWith1007() {
    Link link = openScripted("/utf8");

    link.peer().sendInvalidUtf8();

    assertPeerToldOrLeft(link, 1007);
    assertThat(link.listener().awaitClosed(WAIT).code()).isEqualTo(1007);
    assertThat(link.listener().texts()).isEmpty();
  }

  @Test
  void sendAfterCloseFailsQuietly() {
    Link link = openScripted("/after");
    await(link.connection().close(1000, "done"));
    link.listener().awaitClosed(WAIT);

    CompletionStage<Void> text = link.connection().sendText("late");
    CompletionStage<Void> binary = link.connection().sendBinary(ByteBuffer.wrap(new byte[] {1}));
    CompletionStage<Void> ping = link.connection().ping(ByteBuffer.wrap(new byte[] {1}));
    link.connection().close(1000, "again");
    link.connection().abort();

    assertThat(awaitFailure(text, WAIT)).isNotNull();
    assertThat(awaitFailure(binary, WAIT)).isNotNull();
    assertThat(awaitFailure(ping, WAIT)).isNotNull();
    assertThat(link.listener().arrivesWithin(RecordingListener.Closed.class, 2, QUIET)).isFalse();
  }

  @Test
  void bufferedAmountDrains() {
    Link link = openScripted(request(server.uri("/drain")).build());
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    assertThat(link.connection().bufferedAmount()).as("before any send").isZero();

    for (int i = 0; i < 50; i++) {
      sends.add(
          link.connection().sendBinary(ByteBuffer.wrap(new byte[64 * 1024])).toCompletableFuture());
    }
    await(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)));

    awaitCondition(() -> link.connection().bufferedAmount() == 0, WAIT, "bufferedAmount 0");
    assertThat(link.peer().awaitCount(ServerEvent.Binary.class, 50, WAIT)).hasSize(50);
  }

  @Test
  void slowPeerBackpressure() {
    server.enqueue(Handshake.accept().noEcho());
    Link link = openScripted("/slow");
    link.peer().stopReading();
    int count = 40;
    int size = 256 * 1024;
    List<CompletableFuture<Void>> sends = new ArrayList<>();

    for (int i = 0; i < count; i++) {
      byte[] message = new byte[size];
      Arrays.fill(message, (byte) i);
      sends.add(link.connection().sendBinary(ByteBuffer.wrap(message)).toCompletableFuture());
    }
    awaitCondition(() -> link.connection().bufferedAmount() > 0, WAIT, "bufferedAmount above 0");
    boolean allDone = sends.stream().allMatch(CompletableFuture::isDone);
    link.peer().resumeReading();

    if (capabilities().writeCompletion()) {
      assertThat(allDone).as("all send stages done while the peer did not read").isFalse();
    }
    await(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)), Duration.ofSeconds(20));
    List<ServerEvent.Binary> received =
        link.peer().awaitCount(ServerEvent.Binary.class, count, Duration.ofSeconds(20));
    for (int i = 0; i < count; i++) {
      byte[] data = received.get(i).data();
      assertThat(data.length).as("length of message %d", i).isEqualTo(size);
      assertThat(data[0]).as("first byte of message %d", i).isEqualTo((byte) i);
      assertThat(data[size - 1]).as("last byte of message %d", i).isEqualTo((byte) i);
    }
    awaitCondition(() -> link.connection().bufferedAmount() == 0, WAIT, "bufferedAmount 0");
  }

  @Test
  void largeOutboundMessage() {
    server.enqueue(Handshake.accept().noEcho());
    Link link = openScripted("/large");
    long limit = capabilities().maxOutboundMessageBytes();
    if (limit < 20 << 20) {
      // A declared outbound limit: one byte more fails the send and leaves the connection open.
      byte[] tooLarge = new byte[Math.toIntExact(limit + 1)];
      assertThat(awaitFailure(link.connection().sendBinary(ByteBuffer.wrap(tooLarge)), WAIT))
          .as("failure of a send over maxOutboundMessageBytes")
          .isNotNull();
      await(link.connection().sendText("after the rejected message"));
      assertThat(link.peer().await(ServerEvent.Text.class, WAIT).text())
          .isEqualTo("after the rejected message");
      return;
    }
    byte[] message = randomBytes(20 << 20, 30);

    await(link.connection().sendBinary(ByteBuffer.wrap(message)), Duration.ofSeconds(30));

    byte[] received = link.peer().await(ServerEvent.Binary.class, Duration.ofSeconds(30)).data();
    assertThat(received.length).isEqualTo(message.length);
    assertThat(Arrays.equals(received, message)).as("received bytes equal the sent bytes").isTrue();
  }
}
