package dev.onceflow.dashboard.scrape;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.TopicPartition;

/**
 * Which transactional id writes to which event topic: the active producers of each partition
 * (Kafka's {@code DescribeProducers}) joined with the transactions the broker knows ({@code
 * ListTransactions}). A relay's transactional id names its shard ({@code onceflow-relay-<shard>}),
 * so this is where the pipeline graph learns which shard publishes which topic.
 */
final class TransactionalWriters {

  /**
   * How long a reading is trusted while it covers every topic. A shard's writers change only when a
   * relay starts (a takeover keeps the transactional id), so two Admin calls every scrape would be
   * repeated work on the dashboard's loop.
   */
  static final Duration REFRESH = Duration.ofSeconds(30);

  private TransactionalWriters() {}

  /**
   * Whether {@code known}, read at {@code readAt} (null: never), must be read again at {@code now}:
   * it is older than {@link #REFRESH}, or a topic that holds events ({@code ends}, end offsets) has
   * no writer in it yet, as when a shard publishes for the first time.
   */
  static boolean stale(
      Map<String, Set<String>> known, Map<TopicPartition, Long> ends, Instant readAt, Instant now) {
    if (readAt == null || !Duration.between(readAt, now).minus(REFRESH).isNegative()) {
      return true;
    }
    Set<String> covered = new HashSet<>();
    known.values().forEach(covered::addAll);
    return ends.entrySet().stream()
        .anyMatch(end -> end.getValue() > 0 && !covered.contains(end.getKey().topic()));
  }

  /**
   * Transactional id to the topics among {@code partitions} it has written; empty when the broker
   * refuses to describe them (an ACL): the graph then lacks those edges, nothing else.
   */
  static Map<String, Set<String>> read(
      Admin admin, Set<TopicPartition> partitions, Duration timeout) {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    try {
      Map<Long, String> transactionalIds = new HashMap<>();
      for (TransactionListing listing :
          admin.listTransactions().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        transactionalIds.put(listing.producerId(), listing.transactionalId());
      }
      Map<String, Set<String>> writers = new TreeMap<>();
      admin
          .describeProducers(partitions)
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .forEach(
              (partition, state) -> {
                for (ProducerState producer : state.activeProducers()) {
                  String id = transactionalIds.get(producer.producerId());
                  if (id != null) {
                    writers.computeIfAbsent(id, i -> new TreeSet<>()).add(partition.topic());
                  }
                }
              });
      return writers;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } catch (Exception e) {
      return Map.of();
    }
  }
}
