package io.partysocket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.partysocket.tck.server.FaultProxy;
import io.partysocket.tck.server.ServerConnection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbound queue across a lost connection, counted message by message. */
abstract class DeliveryCases extends StackSupport {

  private static final int PRODUCERS = 4;
  private static final int MESSAGES_PER_PRODUCER = 800;

  /** Filler per message: 16 KiB messages fill the TCP buffers of the path in about 1000 sends. */
  private static final int PADDING = 16 * 1024;

  /** Handed over and not confirmed when the reset comes; enough to see resending at work. */
  private static final int UNCONFIRMED_AT_RESET = 20;

  /**
   * Consecutive handoffs with no confirmation (2 MiB) that show the path is full. At the start of a
   * burst, unconfirmed messages may only be waiting for the transport's first write.
   */
  private static final int HANDOFFS_WHEN_FULL = 128;

  DeliveryCases(ReconnectingTck owner) {
    super(owner);
  }

  /**
   * The server stops reading, so the path fills up and the last messages handed to the transport
   * stay unconfirmed; then the proxy resets the connection. The messages whose {@code written()}
   * stage had not completed must go out again on the next connection. Messages whose stage
   * completed were in the operating system's buffers, so the reset may destroy them: TCP gives the
   * sender no receipt. They are counted, not resent, and none of them may arrive twice.
   */
  @Test
  void resetResendsUnconfirmed() throws IOException {
    DeliveryLedger ledger = new DeliveryLedger(1, PRODUCERS, MESSAGES_PER_PRODUCER, "/lossless/");
    server.recordMessages(false);
    server.setMessageSink(ledger::arrived);
    FaultProxy proxy = proxy();
    var client =
        start(
            proxy.uri(ledger.path(0)),
            options().transport(new TrackingFactory(factory, ledger, uri -> 0)));
    client.events().await(OPEN, 1, WAIT);
    ServerConnection stalled = liveConnection(ledger.path(0));
    stalled.stopReading();

    Producers producers =
        Producers.start(List.of(client.socket()), PRODUCERS, ledger, 0, PADDING, PADDING, 1);
    // The open connection is the last one the socket tried.
    int first = ledger.connectionCount();
    boolean writeCompletion = capabilities().writeCompletion();
    if (writeCompletion) {
      Waits.until(
          () ->
              ledger.unconfirmedOn(first) >= UNCONFIRMED_AT_RESET
                  && ledger.handedOverSinceConfirm(first) >= HANDOFFS_WHEN_FULL,
          Duration.ofSeconds(30),
          HANDOFFS_WHEN_FULL + " messages handed to the stalled connection with no confirmation");
    } else {
      Waits.until(producers::finished, Duration.ofSeconds(30), "producers finishing");
    }
    // Count and reset while the producers still run: once they stop, a transport whose kernel
    // buffers grow can still confirm what was stuck, and the reset would find little to resend.
    int unconfirmedAtReset = ledger.unconfirmedOn(first);
    proxy.resetAll();
    producers.stop(WAIT);
    // Let the stalled server read what reached it before the reset.
    stalled.resumeReading();
    client.events().await(CLOSE, 1, WAIT);
    client.events().await(OPEN, 2, WAIT);
    Waits.until(
        () -> ledger.allConfirmed() && ledger.allAccountedFor(),
        Duration.ofSeconds(30),
        "every message confirmed and accounted for");
    client.socket().close();
    server.awaitNoOpenSockets(WAIT);
    ledger.fold(server.connections(), 0);

    DeliveryReport report = ledger.report();
    int resentAndArrived = 0;
    int confirmedThenRepeated = 0;
    int notResent = 0;
    for (int producer = 0; producer < PRODUCERS; producer++) {
      for (int seq = 0; seq < MESSAGES_PER_PRODUCER; seq++) {
        int index = ledger.index(0, producer, seq);
        if (ledger.firstHandoff(index) == first && ledger.confirmedOn(index) != first) {
          if (ledger.lastHandoff(index) > first && ledger.arrivals(index) > 0) {
            resentAndArrived++;
          } else {
            notResent++;
          }
        }
        if (ledger.confirmedOn(index) == first && ledger.arrivals(index) > 1) {
          confirmedThenRepeated++;
        }
      }
    }
    System.out.printf(
        "%s reset with %d unconfirmed: %s%n", factory.name(), unconfirmedAtReset, report.summary());

    if (writeCompletion) {
      assertThat(unconfirmedAtReset)
          .as("messages handed over and unconfirmed at the reset")
          .isGreaterThanOrEqualTo(UNCONFIRMED_AT_RESET);
      assertThat(resentAndArrived)
          .as("unconfirmed messages resent on a later connection and delivered")
          .isGreaterThanOrEqualTo(UNCONFIRMED_AT_RESET);
    }
    assertThat(notResent).as("unconfirmed messages not resent or not delivered").isZero();
    assertThat(confirmedThenRepeated).as("confirmed messages that arrived twice").isZero();
    assertThat(report.confirmed()).as("confirmed").isEqualTo(report.sent());
    assertThat(report.lostUnexplained()).as("lost for no TCP reason").isZero();
    assertThat(report.duplicatesUnexplained()).as("more arrivals than handoffs").isZero();
    assertThat(report.handoffsAfterConfirm()).as("handoffs after confirmation").isZero();
    assertThat(report.orderViolations()).as("order violations").isZero();
    assertThat(report.problems()).as("problems").isEmpty();
    assertThat(ledger.connectionCount()).as("connections").isGreaterThanOrEqualTo(2);
  }

  /** Returns the client number at the end of a ledger path such as {@code /soak/1}. */
  static int clientOf(URI uri) {
    String path = uri.getPath();
    return Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
  }
}
