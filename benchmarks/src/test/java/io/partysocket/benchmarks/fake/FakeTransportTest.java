package io.partysocket.benchmarks.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partysocket.benchmarks.fake.FakeTransport.WriteMode;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.ConnectionListener;
import io.partysocket.spi.WebSocketConnection;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FakeTransportTest {

  private static final ConnectRequest REQUEST =
      ConnectRequest.builder(URI.create("ws://localhost/test")).build();

  @Test
  void open_callsOnOpenBeforeCompletingStage() {
    FakeTransport transport = new FakeTransport(WriteMode.IMMEDIATE);
    AtomicReference<Boolean> stageDoneAtOpen = new AtomicReference<>();
    AtomicReference<CompletableFuture<WebSocketConnection>> stage = new AtomicReference<>();
    ConnectionListener listener =
        new ConnectionListener() {
          @Override
          public void onOpen(WebSocketConnection connection) {
            stageDoneAtOpen.set(stage.get().isDone());
          }
        };
    stage.set(transport.connect(REQUEST, listener).toCompletableFuture());

    FakeConnection connection = transport.takeConnect().open();

    assertThat(stageDoneAtOpen.get()).isFalse();
    assertThat(stage.get().join()).isSameAs(connection);
  }

  @Test
  void immediateWrites_completeAtOnce() {
    FakeConnection connection = open(WriteMode.IMMEDIATE);

    CompletionStage<Void> written = connection.sendText("a");

    assertThat(written.toCompletableFuture()).isCompleted();
    assertThat(connection.messages()).isEqualTo(1);
  }

  @Test
  void heldWrites_completeOnDemand() {
    FakeConnection connection = open(WriteMode.HELD);
    CompletionStage<Void> first = connection.sendText("a");
    CompletionStage<Void> second = connection.sendText("b");

    assertThat(first.toCompletableFuture()).isNotDone();
    assertThat(connection.completeHeldWrites()).isEqualTo(2);
    assertThat(second.toCompletableFuture()).isCompleted();
    assertThat(connection.heldWrites()).isZero();
  }

  @Test
  void abort_failsHeldAndLaterWrites() {
    FakeConnection connection = open(WriteMode.HELD);
    CompletionStage<Void> pending = connection.sendText("a");

    connection.abort();

    assertThat(pending.toCompletableFuture()).isCompletedExceptionally();
    assertThat(connection.sendText("b").toCompletableFuture()).isCompletedExceptionally();
    assertThat(connection.messages()).isEqualTo(1);
  }

  @Test
  void takeConnect_withoutConnect_throws() {
    FakeTransport transport = new FakeTransport(WriteMode.IMMEDIATE);

    assertThatThrownBy(transport::takeConnect)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no connect call is waiting");
  }

  private static FakeConnection open(WriteMode mode) {
    FakeTransport transport = new FakeTransport(mode);
    transport.connect(REQUEST, new ConnectionListener() {});
    return transport.takeConnect().open();
  }
}
