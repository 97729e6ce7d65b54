package io.partysocket.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.spi.CloseCodes;
import io.partysocket.spi.CloseInfo;
import io.partysocket.spi.ConnectRequest;
import io.partysocket.spi.WebSocketConnection;
import io.partysocket.tck.server.ServerConnection;
import io.partysocket.tck.server.ServerEvent;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Closing cases the TCK does not cover: the close codes the JDK rejects, its reply to a close frame
 * without a code, and calls made while the closing handshake runs.
 */
class JdkCloseTest extends JdkTestSupport {

  @Test
  void codeJdkRefusesIsSubstitutedOnWire() throws Exception {
    WebSocketConnection connection = open(ConnectRequest.builder(server.uri("/")).build());
    ServerConnection peer = server.awaitConnection();

    connection.close(CloseCodes.TRY_AGAIN_LATER, "later");

    ServerEvent.Close close = peer.await(ServerEvent.Close.class, WAIT);
    assertThat(close.code()).isEqualTo(CloseCodes.GOING_AWAY);
    assertThat(close.reason()).isEqualTo("later");
    CloseInfo info = listener.awaitClosed(WAIT);
    assertThat(info.code()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
    assertThat(info.clean()).isTrue();
  }

  @Test
  void serverCodeJdkRefusesIsStillAnswered() throws Exception {
    open(ConnectRequest.builder(server.uri("/")).build());
    ServerConnection peer = server.awaitConnection();

    peer.close(CloseCodes.SERVICE_RESTART, "restart");

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(CloseCodes.GOING_AWAY);
    CloseInfo info = listener.awaitClosed(WAIT);
    assertThat(info.code()).isEqualTo(CloseCodes.SERVICE_RESTART);
    assertThat(info.remote()).isTrue();
    assertThat(info.clean()).isTrue();
  }

  @Test
  void emptyServerCloseReports1005() throws Exception {
    open(ConnectRequest.builder(server.uri("/")).build());
    ServerConnection peer = server.awaitConnection();

    peer.closeWithoutCode();

    assertThat(peer.await(ServerEvent.Close.class, WAIT).code())
        .isEqualTo(CloseCodes.NORMAL_CLOSURE);
    CloseInfo info = listener.awaitClosed(WAIT);
    assertThat(info.code()).isEqualTo(CloseCodes.NO_STATUS_RECEIVED);
    assertThat(info.clean()).isTrue();
  }

  /** Unlike the TCK case, the send follows close() at once, before the close handshake ends. */
  @Test
  void sendAfterCloseFailsQuietly() throws Exception {
    WebSocketConnection connection = open(ConnectRequest.builder(server.uri("/")).build());
    connection.close(1000, "");

    CompletionStage<Void> afterClose = connection.sendText("late");

    assertThat(afterClose.toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void secondCloseReturnsFirstStage() throws Exception {
    WebSocketConnection connection = open(ConnectRequest.builder(server.uri("/")).build());
    ServerConnection peer = server.awaitConnection();
    CompletionStage<Void> first = connection.close(1000, "");

    CompletionStage<Void> second = connection.close(4000, "again");

    first.toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(second.toCompletableFuture()).isCompleted();
    assertThat(peer.await(ServerEvent.Close.class, WAIT).code()).isEqualTo(1000);
  }

  private WebSocketConnection open(ConnectRequest request) throws Exception {
    return factory.connect(request, listener).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
