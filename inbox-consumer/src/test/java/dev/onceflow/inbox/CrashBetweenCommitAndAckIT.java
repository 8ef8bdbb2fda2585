package dev.onceflow.inbox;

import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_DUPLICATES;
import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_PROCESSED;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.COUNTER;
import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;
import static dev.onceflow.inbox.support.OrderEventRecords.cancelled;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.inbox.support.ConsumerProcess;
import dev.onceflow.inbox.support.SystemTestPlatform;
import dev.onceflow.testkit.KafkaTestClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The packaged consumer is killed with SIGKILL after its database commit but before its offset
 * commit: the restarted consumer gets every record again and skips each one as a duplicate.
 */
class CrashBetweenCommitAndAckIT {

  static final int ORDERS = 300;
  static final int CANCELLED = 100;
  static final int CUSTOMERS = 10;

  @Test
  void redeliveredAfterAKillEveryEventIsSkippedAsADuplicate() {
    SystemTestPlatform platform = SystemTestPlatform.create("crash", 2);
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      records.add(
          record(platform.topic, placed("order-" + i, "customer-" + i % CUSTOMERS, "1.10")));
    }
    for (int i = 0; i < CANCELLED; i++) {
      records.add(record(platform.topic, cancelled("order-" + i, "customer-" + i % CUSTOMERS)));
    }
    KafkaTestClient.publish(SystemTestPlatform.bootstrapServers(), records);
    int events = ORDERS + CANCELLED;
    // Offsets are committed every ten minutes: long after the kill.
    Map<String, String> properties = platform.properties();
    properties.put("mp.messaging.incoming.onceflow-inbox.auto.commit.interval.ms", "600000");
    // The killed member leaves the group when its session expires: the inbox's default, 10 s
    // (InboxChannelDefaults), not Kafka's 45 s.

    try (ConsumerProcess first =
        ConsumerProcess.start("crash-first", platform.environment(), properties)) {
      first.awaitReady();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> platform.queryLong("SELECT count(*) FROM inbox_event") == events);
      assertThat(platform.committedOffsets()).as("no offset committed before the kill").isEmpty();
      first.kill();
    }
    assertCountersExact(platform);

    try (ConsumerProcess second =
        ConsumerProcess.start("crash-second", platform.environment(), properties)) {
      second.awaitReady();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> second.metric(prometheus(INBOX_DUPLICATES, COUNTER)) == events);
      assertThat(second.metric(prometheus(INBOX_PROCESSED, COUNTER))).isZero();
    }
    assertCountersExact(platform);
  }

  private static void assertCountersExact(SystemTestPlatform platform) {
    assertThat(platform.queryLong("SELECT count(*) FROM inbox_event"))
        .isEqualTo(ORDERS + CANCELLED);
    assertThat(platform.queryLong("SELECT count(*) FROM shipment")).isEqualTo(ORDERS);
    assertThat(platform.queryLong("SELECT count(*) FROM shipment WHERE status = 'CANCELLED'"))
        .isEqualTo(CANCELLED);
    assertThat(platform.queryLong("SELECT sum(orders_placed) FROM customer_stats"))
        .isEqualTo(ORDERS);
    assertThat(platform.queryLong("SELECT sum(orders_cancelled) FROM customer_stats"))
        .isEqualTo(CANCELLED);
    assertThat(platform.queryDecimal("SELECT sum(total_amount) FROM customer_stats"))
        .isEqualByComparingTo(new BigDecimal("1.10").multiply(BigDecimal.valueOf(ORDERS)));
    assertThat(platform.queryLong("SELECT max(orders_placed) FROM customer_stats"))
        .isEqualTo(ORDERS / CUSTOMERS);
  }
}
