package dev.onceflow.systemtest;

import static dev.onceflow.systemtest.FaultKind.CONSUMER_DATABASE_OUTAGE;
import static dev.onceflow.systemtest.FaultKind.CONSUMER_KILL;
import static dev.onceflow.systemtest.FaultKind.DATABASE_FAILOVER;
import static dev.onceflow.systemtest.FaultKind.KAFKA_RESTART;
import static dev.onceflow.systemtest.FaultKind.OVERSIZED_EVENT;
import static dev.onceflow.systemtest.FaultKind.PAYMENTS_RELAY_KILL;
import static dev.onceflow.systemtest.FaultKind.PAYMENT_SERVICE_KILL;
import static dev.onceflow.systemtest.FaultKind.POSTGRES_CRASH;
import static dev.onceflow.systemtest.FaultKind.RELAY_FREEZE;
import static dev.onceflow.systemtest.FaultKind.RELAY_KILL;
import static dev.onceflow.systemtest.FaultKind.SECOND_RELAY;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The guarantee, counted, across the saga's two hops: the packaged order-service, payment-service,
 * both relay shards (orders and payments, exactly-once) and inbox-consumer run as OS processes
 * under a steady REST load while 20 faults hit them, interleaved — the orders shard's active relay
 * killed with SIGKILL five times and frozen with SIGSTOP twice (a lost node: a standby must take
 * over within {@link FaultScenario#TAKEOVER_BOUND}, the resumed one must publish nothing), the
 * payments shard and payment-service killed once each, the consumer killed three times, the Kafka
 * broker restarted twice (SIGKILL, then SIGTERM), an event too large for Kafka written into the
 * outbox (dead-lettered by the relay), the orders and payments PostgreSQL failed over to its
 * synchronous streaming standby, both PostgreSQL servers crashed in immediate mode twice, the
 * consumer's own PostgreSQL stopped for 45 s (longer than the retry budget the consumer used to
 * have: it must retry, not dead-letter), and a second relay instance of the orders shard started
 * beside the first — and the ledger must balance to zero: no event of either outbox lost, none
 * published twice, none out of order per order, every effect applied exactly once, every order in
 * one terminal state consistent with its payment and its shipment. The ledger goes to {@code
 * target/ledger.json}; docs/guarantees.md explains each line.
 */
class ExactlyOnceUnderFaultsIT {

  /**
   * Every fault kind at least once, each hitting the saga in another state. A repeat is kept only
   * where it shows something a single run cannot: the relay kills (the heart of the relay's
   * exactly-once offset, five spread over the run, each at a random point of a batch), the consumer
   * kills (three: after a relay kill, after the consumer database outage, after a Kafka restart),
   * the two Kafka restarts (SIGKILL and SIGTERM), two PostgreSQL crashes and two SIGSTOPs (the
   * frozen relay can come back as standby or fenced, and each takeover is measured against the
   * bound). More kills of the same process at other random points proved nothing new: a consumer
   * restart costs ~20 s of JVM start on two busy cores and was half the run.
   */
  static final List<FaultKind> FAULTS =
      List.of(
          RELAY_KILL,
          CONSUMER_KILL,
          PAYMENT_SERVICE_KILL,
          SECOND_RELAY,
          RELAY_FREEZE,
          PAYMENTS_RELAY_KILL,
          RELAY_KILL,
          KAFKA_RESTART,
          OVERSIZED_EVENT,
          CONSUMER_DATABASE_OUTAGE,
          CONSUMER_KILL,
          DATABASE_FAILOVER,
          RELAY_KILL,
          POSTGRES_CRASH,
          RELAY_FREEZE,
          KAFKA_RESTART,
          CONSUMER_KILL,
          RELAY_KILL,
          POSTGRES_CRASH,
          RELAY_KILL);

  @Test
  void theLedgerBalancesToZeroAfterTwentyFaults() throws Exception {
    FaultScenario.Result result =
        FaultScenario.run(
            new FaultScenario.Plan(
                "exactly-once",
                "exactly-once",
                FAULTS,
                SystemTestPaths.requestsPerSecond(),
                SystemTestPaths.progressBetweenFaults()));
    LedgerReport.publish(result, "ledger");

    SoftAssertions softly = new SoftAssertions();
    Map<FaultKind, Integer> faults = result.faults().byKind();
    softly.assertThat(result.faults().total()).as("faults").isGreaterThanOrEqualTo(FAULTS.size());
    softly.assertThat(faults.get(RELAY_KILL)).as("relay kills").isGreaterThanOrEqualTo(5);
    softly.assertThat(faults.get(CONSUMER_KILL)).as("consumer kills").isGreaterThanOrEqualTo(3);
    softly
        .assertThat(faults.get(PAYMENT_SERVICE_KILL))
        .as("payment-service kills")
        .isGreaterThanOrEqualTo(1);
    softly
        .assertThat(faults.get(PAYMENTS_RELAY_KILL))
        .as("payments relay shard kills")
        .isGreaterThanOrEqualTo(1);
    softly.assertThat(faults.get(KAFKA_RESTART)).as("Kafka restarts").isGreaterThanOrEqualTo(2);
    softly
        .assertThat(faults.get(POSTGRES_CRASH))
        .as("PostgreSQL crashes")
        .isGreaterThanOrEqualTo(2);
    softly.assertThat(faults.get(SECOND_RELAY)).as("second relay").isGreaterThanOrEqualTo(1);
    softly.assertThat(faults.get(RELAY_FREEZE)).as("relay SIGSTOPs").isGreaterThanOrEqualTo(2);
    softly.assertThat(faults.get(OVERSIZED_EVENT)).as("oversized events").isGreaterThanOrEqualTo(1);
    softly
        .assertThat(faults.get(DATABASE_FAILOVER))
        .as("database failovers")
        .isGreaterThanOrEqualTo(1);
    softly
        .assertThat(faults.get(CONSUMER_DATABASE_OUTAGE))
        .as("consumer database outages")
        .isGreaterThanOrEqualTo(1);
    softly
        .assertThat(result.faults().outages())
        .as("consumer database down, seconds: longer than the old retry budget")
        .hasSize(faults.get(CONSUMER_DATABASE_OUTAGE))
        .allMatch(seconds -> seconds >= ConsumerDatabaseOutage.OUTAGE.toSeconds());
    softly
        .assertThat(result.faults().takeovers())
        .as("standby takeover after SIGSTOP, seconds")
        .hasSize(faults.get(RELAY_FREEZE))
        .allMatch(seconds -> seconds <= FaultScenario.TAKEOVER_BOUND.toSeconds());
    softly
        .assertThat(result.faults().outcomes(RELAY_FREEZE))
        .as("the frozen relay once resumed: standing by or exited fenced, never active")
        .allMatch(outcome -> !outcome.equals("active"));
    ScenarioAssertions.assertSecondRelayStoodBy(softly, result);
    ScenarioAssertions.assertLoadExercisedEverything(softly, result);
    ScenarioAssertions.assertLedgerBalanced(softly, result);
    softly
        .assertThat(result.ledger().count("relay_dead_letters"))
        .as("relay dead letters: the oversized events")
        .isEqualTo(faults.get(OVERSIZED_EVENT).longValue());
    softly.assertAll();
  }
}
