package dev.onceflow.dashboard.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** When the scrape asks Kafka again which transactional ids write which topics (pure logic). */
class TransactionalWritersTest {

  private static final Instant READ = Instant.parse("2026-12-06T12:00:00Z");
  private static final TopicPartition ORDERS = new TopicPartition("outbox.event.order", 0);
  private static final TopicPartition PAYMENTS = new TopicPartition("outbox.event.payment", 2);
  private static final Map<String, Set<String>> BOTH =
      Map.of(
          "onceflow-relay-orders", Set.of("outbox.event.order"),
          "onceflow-relay-payments", Set.of("outbox.event.payment"));

  @Test
  void aFreshReadingThatCoversEveryTopicIsKept() {
    assertThat(
            TransactionalWriters.stale(
                BOTH, Map.of(ORDERS, 10L, PAYMENTS, 4L), READ, READ.plusSeconds(29)))
        .isFalse();
  }

  @Test
  void itIsReadFirstAndAgainOnceOlderThanTheRefresh() {
    assertThat(TransactionalWriters.stale(Map.of(), Map.of(), null, READ)).isTrue();
    assertThat(
            TransactionalWriters.stale(
                BOTH, Map.of(ORDERS, 10L), READ, READ.plus(TransactionalWriters.REFRESH)))
        .isTrue();
  }

  @Test
  void aTopicWithEventsAndNoKnownWriterIsReadAtOnce() {
    Map<String, Set<String>> ordersOnly =
        Map.of("onceflow-relay-orders", BOTH.get("onceflow-relay-orders"));

    assertThat(
            TransactionalWriters.stale(
                ordersOnly, Map.of(ORDERS, 10L, PAYMENTS, 1L), READ, READ.plusSeconds(2)))
        .as("the payments shard has published its first event")
        .isTrue();
    assertThat(
            TransactionalWriters.stale(
                ordersOnly, Map.of(ORDERS, 10L, PAYMENTS, 0L), READ, READ.plusSeconds(2)))
        .as("an empty topic has no writer to find")
        .isFalse();
  }
}
