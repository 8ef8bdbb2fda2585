package dev.onceflow.systemtest;

import dev.onceflow.systemtest.RequestLog.Kind;
import dev.onceflow.systemtest.RequestLog.Outcome;
import org.assertj.core.api.SoftAssertions;

/** The checks both delivery modes share: the ledger balances and the load did its job. */
final class ScenarioAssertions {

  private ScenarioAssertions() {}

  /**
   * Every count of the ledger that must be zero is: with an at-least-once relay, duplicate records
   * and per-aggregate order violations in Kafka excepted (the inboxes absorb them).
   */
  static void assertLedgerBalanced(SoftAssertions softly, FaultScenario.Result result) {
    boolean exactlyOnce = FaultScenario.EXACTLY_ONCE.equals(result.plan().delivery());
    for (LedgerRows.Row row : result.ledger().rows()) {
      if (row.rule() == LedgerRows.Rule.ZERO
          || (exactlyOnce && row.rule() == LedgerRows.Rule.ZERO_EXACTLY_ONCE)) {
        softly.assertThat(row.count()).as(row.label() + " (" + row.key() + ")").isZero();
      }
    }
  }

  /** The load placed and cancelled orders and exercised every kind of refused request. */
  static void assertLoadExercisedEverything(SoftAssertions softly, FaultScenario.Result result) {
    RequestLog requests = result.requests();
    Ledger ledger = result.ledger();
    softly.assertThat(ledger.count("order_events")).as("order events").isGreaterThan(2_000);
    softly.assertThat(ledger.count("payment_events")).as("payment events").isGreaterThan(1_000);
    softly.assertThat(ledger.count("orders_confirmed")).as("orders confirmed").isPositive();
    softly.assertThat(ledger.count("orders_rejected")).as("orders rejected").isPositive();
    softly.assertThat(ledger.count("orders_cancelled")).as("orders cancelled").isPositive();
    softly.assertThat(ledger.count("payments_refunded")).as("payments refunded").isPositive();
    softly
        .assertThat(requests.count(Kind.CANCEL, Outcome.ACKNOWLEDGED))
        .as("cancellations")
        .isPositive();
    softly.assertThat(requests.count(Kind.REPLAY, Outcome.ACKNOWLEDGED)).as("replays").isPositive();
    softly
        .assertThat(requests.count(Kind.INVALID, Outcome.REJECTED))
        .as("invalid requests")
        .isPositive();
    softly
        .assertThat(requests.count(Kind.KEY_REUSE, Outcome.REJECTED))
        .as("keys reused")
        .isPositive();
    softly
        .assertThat(requests.count(Kind.CANCEL_AGAIN, Outcome.REJECTED))
        .as("second cancellations")
        .isPositive();
  }

  /** The second instance of the shard stood by (or was fenced and exited): it never published. */
  static void assertSecondRelayStoodBy(SoftAssertions softly, FaultScenario.Result result) {
    softly
        .assertThat(result.secondRelayRole())
        .as("role of the second relay instance when it started")
        // Exit status 3 is the relay's "fenced" exit (onceflow.relay.exit-on-fence).
        .isIn("standby", "fenced", "exited (status 3)");
  }
}
