package dev.onceflow.inbox;

import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_DUPLICATES;
import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_PROCESSED;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.COUNTER;
import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static dev.onceflow.inbox.support.OrderEventRecords.toPartition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.core.inbox.InboxChannelDefaults;
import dev.onceflow.inbox.support.ConsumerProcess;
import dev.onceflow.inbox.support.SystemTestPlatform;
import dev.onceflow.testkit.KafkaTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged consumer in one group: a second instance joins while the first is
 * working through a backlog, and the same event then reaches both instances at once; then the
 * second is killed with SIGKILL and the first takes its partition over within the inbox's session
 * timeout ({@link InboxChannelDefaults#SESSION_TIMEOUT_MS}, not Kafka's 45 s). Every event still
 * has exactly one effect.
 */
class RebalanceIT {

  static final int BACKLOG = 3000;

  /** The backlog, the twin, and one event per partition after the kill. */
  static final int EVENTS = BACKLOG + 3;

  /**
   * From the kill to the dead member's partition served by the survivor: the session timeout, a
   * heartbeat to learn of the rebalance, the rejoin and one batch, with 30 s of slack for two busy
   * cores. Still below Kafka's default session (45 s): with that, no run can pass.
   */
  static final Duration TAKEOVER =
      Duration.ofMillis(InboxChannelDefaults.SESSION_TIMEOUT_MS).plusSeconds(30);

  @Test
  void theSameEventDeliveredToTwoInstancesAroundARebalanceHasOneEffect() {
    SystemTestPlatform platform = SystemTestPlatform.create("rebalance", 2);
    List<ProducerRecord<String, byte[]>> backlog = new ArrayList<>();
    for (int i = 0; i < BACKLOG; i++) {
      backlog.add(record(platform.topic, placed("order-" + i, "customer-" + i % 7, "1.00")));
    }
    KafkaTestClient.publish(SystemTestPlatform.bootstrapServers(), backlog);
    var properties = platform.properties();
    properties.put("onceflow.inbox.batch-size", "50");

    try (ConsumerProcess first =
        ConsumerProcess.start("rebalance-first", platform.environment(), properties)) {
      first.awaitReady();
      // The second instance joins mid-backlog: partitions move while batches are in flight.
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> platform.queryLong("SELECT count(*) FROM inbox_event") > 0);
      try (ConsumerProcess second =
          ConsumerProcess.start("rebalance-second", platform.environment(), properties)) {
        second.awaitReady();
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> platform.assignmentSizes().equals(Set.of(1)));

        // Now one event reaches both partitions, hence both instances, in one transaction.
        ProducerRecord<String, byte[]> twin =
            record(
                platform.topic, UUID.randomUUID(), placed("order-twin", "customer-twin", "5.00"));
        KafkaTestClient.publish(
            SystemTestPlatform.bootstrapServers(),
            List.of(toPartition(twin, 0), toPartition(twin, 1)));

        // Until every event has its effect and each instance has handled the twin's copy on its
        // partition. A count of handled records alone can be reached early: a batch in flight
        // during the rebalance is redelivered and counted again (as a duplicate).
        await()
            .atMost(Duration.ofSeconds(180))
            .until(
                () ->
                    processed(first) + processed(second) >= BACKLOG + 1
                        && duplicates(first) + duplicates(second) >= 1
                        && handled(first) > 0
                        && handled(second) > 0);
        assertThat(processed(first) + processed(second)).isEqualTo(BACKLOG + 1);
        // At least the twin; more if a batch in flight during the rebalance was redelivered.
        assertThat(duplicates(first) + duplicates(second)).isGreaterThanOrEqualTo(1);
        // Each instance got a copy of the twin (one partition each).
        assertThat(handled(first)).isPositive();
        assertThat(handled(second)).isPositive();

        // A member dies without leaving: its partition waits for its session to expire.
        second.kill();
        long killedAt = System.nanoTime();
        KafkaTestClient.publish(
            SystemTestPlatform.bootstrapServers(),
            List.of(
                toPartition(
                    record(platform.topic, placed("order-after-0", "customer-after", "2.00")), 0),
                toPartition(
                    record(platform.topic, placed("order-after-1", "customer-after", "2.00")), 1)));
        await("the survivor serves the killed member's partition")
            .atMost(TAKEOVER)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> platform.queryLong("SELECT count(*) FROM shipment") == EVENTS);
        System.out.printf(
            "RebalanceIT: partition taken over %.1f s after the kill%n",
            (System.nanoTime() - killedAt) / 1e9);
        assertThat(platform.assignmentSizes()).isEmpty(); // one member left
      }
    }
    assertThat(platform.queryLong("SELECT count(*) FROM inbox_event")).isEqualTo(EVENTS);
    assertThat(platform.queryLong("SELECT count(*) FROM shipment")).isEqualTo(EVENTS);
    assertThat(platform.queryLong("SELECT sum(orders_placed) FROM customer_stats"))
        .isEqualTo(EVENTS);
    assertThat(
            platform.queryLong(
                "SELECT orders_placed FROM customer_stats WHERE customer_id = 'customer-twin'"))
        .isEqualTo(1);
    assertThat(
            platform.queryLong(
                "SELECT orders_placed FROM customer_stats WHERE customer_id = 'customer-after'"))
        .isEqualTo(2);
  }

  private static double processed(ConsumerProcess consumer) {
    return consumer.metric(prometheus(INBOX_PROCESSED, COUNTER));
  }

  private static double duplicates(ConsumerProcess consumer) {
    return consumer.metric(prometheus(INBOX_DUPLICATES, COUNTER));
  }

  private static double handled(ConsumerProcess consumer) {
    return processed(consumer) + duplicates(consumer);
  }
}
