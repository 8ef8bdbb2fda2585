package dev.onceflow.dashboard.scrape;

import java.time.Duration;
import java.util.HashMap;
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

  private TransactionalWriters() {}

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
