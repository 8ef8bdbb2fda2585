package dev.onceflow.inbox;

import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_RETRIED;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.COUNTER;
import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static dev.onceflow.testkit.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.core.inbox.fault.RetriesExhausted;
import dev.onceflow.inbox.support.ConsumerProcess;
import dev.onceflow.inbox.support.SystemTestPlatform;
import dev.onceflow.testkit.KafkaTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A transient failure that outlasts {@code retry.max-attempts} dead-letters the batch; once the
 * database is back the dead letters are listed and a replay applies them exactly once.
 */
class RetriesExhaustedIT {

  @Test
  void eventsWhoseRetriesRunOutAreDeadLetteredAndCanBeReplayed() throws Exception {
    SystemTestPlatform platform = SystemTestPlatform.create("exhausted", 1);
    Map<String, String> properties = platform.properties();
    properties.put("onceflow.inbox.retry.max-attempts", "2");
    properties.put("onceflow.inbox.retry.initial-backoff", "100ms");
    properties.put("onceflow.inbox.retry.max-backoff", "200ms");
    properties.put("quarkus.datasource.jdbc.acquisition-timeout", "2s");

    try (ConsumerProcess consumer =
        ConsumerProcess.start("exhausted", platform.environment(), properties)) {
      consumer.awaitReady();
      SystemTestPlatform.postgres().stop();
      try {
        KafkaTestClient.publish(
            SystemTestPlatform.bootstrapServers(),
            List.of(
                record(platform.topic, placed("order-1", "customer-1", "4.00")),
                record(platform.topic, placed("order-2", "customer-1", "6.00"))));
        List<ConsumerRecord<String, byte[]>> deadLetters =
            KafkaTestClient.read(
                SystemTestPlatform.bootstrapServers(),
                OnceflowTopics.DEAD_LETTERS,
                r -> platform.topic.equals(header(r, OnceflowHeaders.DLQ_TOPIC)),
                2,
                Duration.ofSeconds(90));
        assertThat(deadLetters).hasSize(2);
        assertThat(header(deadLetters.get(0), OnceflowHeaders.DLQ_REASON))
            .startsWith(RetriesExhausted.REASON + ": ");
        assertThat(consumer.metric(prometheus(INBOX_RETRIED, COUNTER))).isGreaterThanOrEqualTo(1);
      } finally {
        SystemTestPlatform.postgres().start();
      }

      // The projection catches up once the database is back; replaying applies each event once.
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> platform.queryLong("SELECT count(*) FROM dead_letter") == 2);
      long id = platform.queryLong("SELECT min(id) FROM dead_letter");
      assertThat(consumer.post("/dead-letters/" + id + "/replay")).contains("\"applied\"");
      assertThat(consumer.post("/dead-letters/" + id + "/replay")).contains("\"duplicate\"");
      assertThat(platform.queryLong("SELECT sum(orders_placed) FROM customer_stats")).isEqualTo(1);
    }
  }
}
