package io.partysocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class SendQueueTest extends EngineTestSupport {

  @Test
  void queuedMessagesGoBeforeOpenHandlerSends() {
    ReconnectingWebSocket socket = socket(options().build());
    socket.onOpen(
        event -> {
          socket.send("o1");
          socket.send("o2");
        });
    socket.send("q1");
    socket.send("q2");
    scheduler.runDue();

    transport.last().open();

    assertThat(transport.last().connection.sent).containsExactly("q1", "q2", "o1", "o2");
  }

  @Test
  void openListenersSeeEmptyQueue() {
    ReconnectingWebSocket socket = socket(options().build());
    socket.send("q1");
    long[] seen = {-1};
    socket.onOpen(event -> seen[0] = socket.bufferedAmount());
    scheduler.runDue();
    transport.last().open();

    assertThat(seen[0]).isZero();
  }

  @Test
  void sendReportsSentQueuedRejected() {
    ReconnectingWebSocket socket = socket(options().maxEnqueuedMessages(1).build());

    SendResult queued = socket.send("a");
    SendResult rejected = socket.send("b");
    scheduler.runDue();
    transport.last().open();
    SendResult sent = socket.send("c");

    assertThat(queued.status()).isEqualTo(SendResult.Status.QUEUED);
    assertThat(rejected.status()).isEqualTo(SendResult.Status.REJECTED);
    assertThat(sent.status()).isEqualTo(SendResult.Status.SENT);
    assertThat(transport.last().connection.sent).containsExactly("a", "c");
  }

  @Test
  void overflowFailsWrittenStage() {
    ReconnectingWebSocket socket = socket(options().maxEnqueuedMessages(2).build());
    socket.send("1");
    socket.send("2");

    SendResult overflow = socket.send("3");

    CompletableFuture<Void> written = overflow.written().toCompletableFuture();
    assertThat(written).isCompletedExceptionally();
    assertThatThrownBy(written::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(UnsentMessageException.class)
        .hasMessageContaining("it contains 2 messages, 2 bytes in total")
        .hasMessageContaining("maxEnqueuedMessages is 2")
        .hasMessageContaining("maxEnqueuedBytes is unlimited");
    Throwable cause = catchThrowable(written::get).getCause();
    assertThat(((UnsentMessageException) cause).reason())
        .isEqualTo(UnsentMessageException.Reason.QUEUE_FULL);
  }

  @Test
  void byteOverflowMessageNamesLimits() {
    ReconnectingWebSocket socket = socket(options().maxEnqueuedBytes(3).build());
    socket.send("ab");

    SendResult overflow = socket.send("cd");

    Throwable cause = catchThrowable(overflow.written().toCompletableFuture()::get).getCause();
    assertThat(cause)
        .hasMessageContaining("it contains 1 message, 2 bytes in total")
        .hasMessageContaining("maxEnqueuedMessages is unlimited")
        .hasMessageContaining("maxEnqueuedBytes is 3");
  }

  @Test
  void zeroQueueRejectsEverythingWhileClosed() {
    ReconnectingWebSocket socket = socket(options().maxEnqueuedMessages(0).build());

    assertThat(socket.send("x").status()).isEqualTo(SendResult.Status.REJECTED);
    scheduler.runDue();
    transport.last().open();
    assertThat(socket.send("y").status()).isEqualTo(SendResult.Status.SENT);
  }

  @Test
  void writtenCompletesWhenTransportWrites() {
    transport.holdWrites = true;
    ReconnectingWebSocket socket = openSocket(options().build());

    CompletableFuture<Void> written = socket.send("hello").written().toCompletableFuture();

    assertThat(written).isNotDone();
    transport.last().connection.writePending(1);
    assertThat(written).isCompleted();
  }

  @Test
  void queueSurvivesFailedAttempts() {
    ReconnectingWebSocket socket = socket(options().minReconnectionDelay(ms(10)).build());
    socket.send("kept");
    scheduler.runDue();
    transport.last().refuse();
    scheduler.runNext();
    transport.last().refuse();
    scheduler.runNext();

    transport.last().open();

    assertThat(transport.last().connection.sent).containsExactly("kept");
  }

  @Test
  void queueSurvivesCloseAndReconnect() {
    ReconnectingWebSocket socket = openSocket(options().build());
    socket.close();
    assertThat(socket.send("after close").status()).isEqualTo(SendResult.Status.QUEUED);
    socket.reconnect();
    scheduler.runDue();

    transport.last().open();

    assertThat(transport.last().connection.sent).containsExactly("after close");
  }

  @Test
  void unwrittenMessagesGoFirstOnNextConnection() {
    transport.holdWrites = true;
    ReconnectingWebSocket socket = openSocket(options().minReconnectionDelay(ms(10)).build());
    FakeTransport.Connection first = transport.last().connection;
    CompletableFuture<Void> one = socket.send("1").written().toCompletableFuture();
    socket.send("2");
    socket.send("3");
    first.writePending(1);
    first.drop();
    socket.send("4");
    transport.holdWrites = false;
    scheduler.runNext();

    transport.last().open();

    assertThat(one).isCompleted();
    assertThat(transport.last().connection.sent).containsExactly("2", "3", "4");
    assertThat(transport.written).containsExactly("1", "2", "3", "4");
  }

  @Test
  void drainReturnsQueueInOrder() {
    ReconnectingWebSocket socket = socket(options().build());
    SendResult first = socket.send("a");
    socket.send(new byte[] {1, 2});

    List<Message> drained = socket.drainQueuedMessages();

    assertThat(drained).hasSize(2);
    assertThat(drained.get(0).text()).isEqualTo("a");
    assertThat(drained.get(1).isText()).isFalse();
    assertThat(drained.get(1).binary().remaining()).isEqualTo(2);
    assertThat(socket.bufferedAmount()).isZero();
    assertThat(socket.drainQueuedMessages()).isEmpty();
    assertThat(first.written().toCompletableFuture()).isCompletedExceptionally();
    scheduler.runDue();
    transport.last().open();
    assertThat(transport.last().connection.sent).isEmpty();
  }

  @Test
  void bufferedAmountCountsUtf8Bytes() {
    ReconnectingWebSocket socket = socket(options().build());
    socket.send("é");
    socket.send("😀");
    socket.send(new byte[3]);
    socket.send(ByteBuffer.allocate(4));

    assertThat(socket.bufferedAmount()).isEqualTo(2 + 4 + 3 + 4);
  }

  @Test
  void utf8LengthMatchesEncoder() {
    String[] samples = {"", "ascii", "é", "€", "😀", "a😀b€é", "\uD800", "x\uDC00y"};
    for (String sample : samples) {
      assertThat(OutgoingMessage.utf8Length(sample))
          .as(sample)
          .isEqualTo(sample.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void binarySendCopiesBuffer() {
    ReconnectingWebSocket socket = socket(options().build());
    ByteBuffer data = ByteBuffer.wrap("abc".getBytes(StandardCharsets.ISO_8859_1));
    socket.send(data);
    data.put(0, (byte) 'z');
    scheduler.runDue();
    transport.last().open();

    assertThat(transport.last().connection.sent).containsExactly("bin:abc");
    assertThat(data.position()).isZero();
  }

  @Test
  void sentMessagesKeepOrderAcrossSendAndFlush() {
    ReconnectingWebSocket socket = socket(options().build());
    for (int i = 0; i < 100; i++) {
      socket.send("q" + i);
    }
    scheduler.runDue();
    transport.last().open();
    socket.send("after");

    List<String> sent = transport.last().connection.sent;
    assertThat(sent).hasSize(101);
    assertThat(sent.get(0)).isEqualTo("q0");
    assertThat(sent.get(99)).isEqualTo("q99");
    assertThat(sent.get(100)).isEqualTo("after");
  }
}
