package dev.onceflow.systemtest;

import dev.onceflow.systemtest.RequestLog.Kind;
import dev.onceflow.systemtest.RequestLog.Outcome;
import org.assertj.core.api.SoftAssertions;

/** The checks both delivery modes share: the effects are exact and the load did its job. */
final class ScenarioAssertions {

  private ScenarioAssertions() {}

  static void assertEffectsExact(SoftAssertions softly, FaultScenario.Result result) {
    Ledger ledger = result.ledger();
    softly.assertThat(ledger.lost).as("lost").isZero();
    softly
        .assertThat(ledger.phantomEvents)
        .as("events of rolled-back or refused requests")
        .isZero();
    softly.assertThat(ledger.duplicateEffects).as("duplicate effects").isZero();
    softly.assertThat(ledger.lostEffects).as("lost effects").isZero();
    softly.assertThat(ledger.phantomEffects).as("phantom effects").isZero();
    softly.assertThat(ledger.effectMismatches).as("effects that differ from their order").isZero();
    softly.assertThat(ledger.deadLetters).as("dead letters").isZero();
    softly.assertThat(ledger.parked).as("events still parked").isZero();
    softly.assertThat(ledger.unexpectedResponses).as("answers outside the API's contract").isZero();
    softly.assertThat(ledger.idempotencyViolations).as("idempotency violations").isZero();
  }

  /** The load placed and cancelled orders and exercised every kind of refused request. */
  static void assertLoadExercisedEverything(SoftAssertions softly, FaultScenario.Result result) {
    RequestLog requests = result.requests();
    softly.assertThat(result.ledger().events).as("events").isGreaterThan(2_000);
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
