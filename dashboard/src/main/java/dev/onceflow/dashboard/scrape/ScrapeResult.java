package dev.onceflow.dashboard.scrape;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * One round of reading the services and Kafka.
 *
 * @param at when the round ended
 * @param components health of each service and of Kafka
 * @param metrics each reachable service's metrics, by service name
 * @param endOffsets end offsets ({@code read_committed}) of the event topics' partitions
 * @param committed the inbox group's committed offsets
 * @param relayInstances the relay instances found through {@code relay-instances}, if configured
 * @param transactionalWriters each transactional id that has written to an event topic (an active
 *     producer of one of its partitions), with those topics: which relay shard publishes where
 */
public record ScrapeResult(
    Instant at,
    List<Component> components,
    Map<String, PrometheusText> metrics,
    Map<TopicPartition, Long> endOffsets,
    Map<TopicPartition, Long> committed,
    List<RelayInstance> relayInstances,
    Map<String, Set<String>> transactionalWriters) {

  public static final String ORDER_SERVICE = "order-service";
  public static final String RELAY = "outbox-relay";
  public static final String INBOX = "inbox-consumer";
  public static final String KAFKA = "kafka";

  /** A round that did not read which transactional producers write where. */
  public ScrapeResult(
      Instant at,
      List<Component> components,
      Map<String, PrometheusText> metrics,
      Map<TopicPartition, Long> endOffsets,
      Map<TopicPartition, Long> committed,
      List<RelayInstance> relayInstances) {
    this(at, components, metrics, endOffsets, committed, relayInstances, Map.of());
  }

  public static ScrapeResult empty(Instant at) {
    return new ScrapeResult(at, List.of(), Map.of(), Map.of(), Map.of(), List.of(), Map.of());
  }
}
