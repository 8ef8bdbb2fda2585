package dev.onceflow.systemtest;

import static dev.onceflow.systemtest.FaultKind.CONSUMER_KILL;
import static dev.onceflow.systemtest.FaultKind.KAFKA_RESTART;
import static dev.onceflow.systemtest.FaultKind.PAYMENTS_RELAY_KILL;
import static dev.onceflow.systemtest.FaultKind.POSTGRES_CRASH;
import static dev.onceflow.systemtest.FaultKind.RELAY_KILL;
import static dev.onceflow.systemtest.FaultKind.SECOND_RELAY;

import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The contrast: the same scenario, shorter, with both relay shards in their at-least-once mode
 * (Debezium's stock file offset store, flushed every second). Each kill of a relay re-publishes
 * what it sent since its last flush, so duplicates reach Kafka; the inboxes must still keep every
 * effect exact and every order's end consistent. The ledger goes to {@code
 * target/ledger-at-least-once.json}.
 */
class AtLeastOnceContrastIT {

  /**
   * Three kills of the orders shard's relay and one of the payments shard: each re-sends what the
   * relay published since its last offset flush, so duplicates reach Kafka. One consumer kill, one
   * Kafka restart and one PostgreSQL crash put the inboxes through the same recoveries with
   * duplicates in flight; the exactly-once run repeats those.
   */
  static final List<FaultKind> FAULTS =
      List.of(
          RELAY_KILL,
          CONSUMER_KILL,
          SECOND_RELAY,
          RELAY_KILL,
          KAFKA_RESTART,
          POSTGRES_CRASH,
          RELAY_KILL,
          PAYMENTS_RELAY_KILL);

  @Test
  void duplicatesReachKafkaButTheInboxKeepsEffectsExact() throws Exception {
    FaultScenario.Result result =
        FaultScenario.run(
            new FaultScenario.Plan(
                "at-least-once",
                "at-least-once",
                FAULTS,
                SystemTestPaths.requestsPerSecond(),
                SystemTestPaths.progressBetweenFaults()));
    LedgerReport.publish(result, "ledger-at-least-once");

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(result.faults().total()).as("faults").isEqualTo(FAULTS.size());
    ScenarioAssertions.assertSecondRelayStoodBy(softly, result);
    ScenarioAssertions.assertLoadExercisedEverything(softly, result);
    ScenarioAssertions.assertLedgerBalanced(softly, result);
    // Each kill re-sends what the relay published since its last offset flush (every second, ~100
    // events at this load): four kills without a single duplicate would mean the test is blind.
    softly
        .assertThat(result.ledger().duplicateKafkaRecords())
        .as("duplicate Kafka records in at-least-once mode")
        .isPositive();
    softly.assertAll();
  }
}
