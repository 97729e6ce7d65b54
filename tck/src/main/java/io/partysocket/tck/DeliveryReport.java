package io.partysocket.tck;

import java.util.List;

/**
 * The counts of a run with a {@link DeliveryLedger}. Immutable.
 *
 * @param sent messages passed to {@code send}
 * @param rejected messages {@code send} rejected
 * @param confirmed messages whose {@code written()} stage completed
 * @param failed messages whose {@code written()} stage failed
 * @param arrived messages the server read at least once
 * @param resent messages handed to more than one connection
 * @param lostAfterConfirm messages missing at the server whose stage completed through a connection
 *     that then ended without a closing handshake
 * @param lostUnexplained other missing messages: a bug
 * @param duplicates messages the server read more than once
 * @param extraCopies the copies beyond the first of those
 * @param duplicatesUnexplained messages read more often than handed over: a bug
 * @param handoffsAfterConfirm handoffs of a message whose stage had completed: a bug
 * @param confirmsWithoutHandoff stages that completed for a message never handed over: a bug
 * @param orderViolations messages that arrived out of their producer's order
 * @param lateArrivals messages read after their connection was seen ended
 * @param connections transport connection attempts
 * @param problems the first problems found, described
 */
record DeliveryReport(
    long sent,
    long rejected,
    long confirmed,
    long failed,
    long arrived,
    long resent,
    long lostAfterConfirm,
    long lostUnexplained,
    long duplicates,
    long extraCopies,
    long duplicatesUnexplained,
    long handoffsAfterConfirm,
    long confirmsWithoutHandoff,
    long orderViolations,
    long lateArrivals,
    long connections,
    List<String> problems) {

  /** Describes the counts on one line. */
  String summary() {
    return "sent="
        + sent
        + " rejected="
        + rejected
        + " confirmed="
        + confirmed
        + " failed="
        + failed
        + " arrived="
        + arrived
        + " resent="
        + resent
        + " lostAfterConfirm="
        + lostAfterConfirm
        + " lostUnexplained="
        + lostUnexplained
        + " duplicates="
        + duplicates
        + " (extra copies "
        + extraCopies
        + ") duplicatesUnexplained="
        + duplicatesUnexplained
        + " handoffsAfterConfirm="
        + handoffsAfterConfirm
        + " confirmsWithoutHandoff="
        + confirmsWithoutHandoff
        + " orderViolations="
        + orderViolations
        + " lateArrivals="
        + lateArrivals
        + " connections="
        + connections;
  }
}
