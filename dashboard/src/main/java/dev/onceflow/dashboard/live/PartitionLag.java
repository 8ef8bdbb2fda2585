package dev.onceflow.dashboard.live;

import dev.onceflow.dashboard.scrape.ScrapeResult;
import dev.onceflow.dashboard.stats.ConsumerLag;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Per event-topic partition: one past the last record the dashboard read, against the broker's end
 * offset and the inbox group's committed offset of each scrape round; the consumer's lag from them
 * (without the transaction marker after the last record, see {@link ConsumerLag}).
 */
@Singleton
class PartitionLag {

  private final ConcurrentMap<TopicPartition, Long> observedEnd = new ConcurrentHashMap<>();
  private volatile Long consumerLag;

  void read(String topic, int partition, long offset) {
    observedEnd.merge(new TopicPartition(topic, partition), offset + 1, Math::max);
  }

  void scraped(ScrapeResult result) {
    consumerLag = result.committed().isEmpty() ? null : totalLag(result);
  }

  /** The inbox group's lag in records over every partition, null when its offsets are unknown. */
  Long consumerLag() {
    return consumerLag;
  }

  /** Every partition known from {@code scraped} or read, by topic, with each topic's rate. */
  List<Snapshot.Topic> topics(ScrapeResult scraped, long second, KafkaThroughput throughput) {
    Map<String, List<Snapshot.Partition>> partitions = new TreeMap<>();
    Map<TopicPartition, Long> ends = new LinkedHashMap<>(scraped.endOffsets());
    observedEnd.forEach((tp, end) -> ends.putIfAbsent(tp, end));
    ends.forEach(
        (tp, end) -> {
          long observed = observedEnd.getOrDefault(tp, -1L);
          long committed = scraped.committed().getOrDefault(tp, -1L);
          long shown = observed >= 0 && observed >= end - 1 ? observed : end;
          partitions
              .computeIfAbsent(tp.topic(), t -> new ArrayList<>())
              .add(
                  new Snapshot.Partition(
                      tp.partition(), shown, committed, ConsumerLag.of(end, observed, committed)));
        });
    List<Snapshot.Topic> topics = new ArrayList<>();
    partitions.forEach(
        (topic, list) -> {
          list.sort(Comparator.comparingInt(Snapshot.Partition::partition));
          topics.add(new Snapshot.Topic(topic, throughput.topicRate(topic, second), list));
        });
    return topics;
  }

  private long totalLag(ScrapeResult result) {
    long total = 0;
    for (Map.Entry<TopicPartition, Long> end : result.endOffsets().entrySet()) {
      TopicPartition tp = end.getKey();
      total +=
          ConsumerLag.of(
              end.getValue(),
              observedEnd.getOrDefault(tp, -1L),
              result.committed().getOrDefault(tp, -1L));
    }
    return total;
  }
}
