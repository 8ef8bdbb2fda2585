package dev.onceflow.dashboard.ingest;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Starts each newly assigned partition a little before its end ({@code
 * window.backfill-per-partition} records), so journeys and charts are not empty after a restart; a
 * partition read before resumes where reading stopped. Runs on the ingest thread, inside {@code
 * poll}.
 */
final class Backfill implements ConsumerRebalanceListener {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, Long> nextOffsets;
  private final int backfill;

  Backfill(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> nextOffsets, int backfill) {
    this.consumer = consumer;
    this.nextOffsets = nextOffsets;
    this.backfill = backfill;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    for (TopicPartition tp : partitions) {
      // A partition this instance already read comes back after a rebalance (a new event topic
      // joins the subscription): resume where reading stopped, or every record of the backfill
      // would be counted and added to its journey a second time.
      Long known = nextOffsets.get(tp);
      long from =
          known != null
              ? known
              : Math.max(begin.getOrDefault(tp, 0L), end.getOrDefault(tp, 0L) - backfill);
      consumer.seek(tp, from);
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
}
