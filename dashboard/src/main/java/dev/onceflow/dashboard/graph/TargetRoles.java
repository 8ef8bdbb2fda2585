package dev.onceflow.dashboard.graph;

import static dev.onceflow.dashboard.scrape.MetricNames.AGGREGATE_LABEL;
import static dev.onceflow.dashboard.scrape.MetricNames.CONSUMER_LABEL;
import static dev.onceflow.dashboard.scrape.MetricNames.INBOX_PROCESSED;
import static dev.onceflow.dashboard.scrape.MetricNames.OUTBOX_WRITTEN;
import static dev.onceflow.dashboard.scrape.MetricNames.RELAY_PUBLISHED;
import static dev.onceflow.dashboard.scrape.MetricNames.SHARD_LABEL;

import dev.onceflow.dashboard.scrape.PrometheusText;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a scrape target is, as its metrics say: the relay shards it runs (the {@code shard} tag of
 * its published counter), the aggregates it writes to its outbox (the {@code aggregate} tag of its
 * written counter) and the inbox consumers it hosts (the {@code consumer} tag), each with its
 * total.
 */
record TargetRoles(
    Map<String, Double> shards, Map<String, Double> aggregates, Map<String, Double> consumers) {

  static final TargetRoles UNKNOWN = new TargetRoles(Map.of(), Map.of(), Map.of());

  static TargetRoles of(PrometheusText metrics) {
    if (metrics == null) {
      return UNKNOWN;
    }
    return new TargetRoles(
        byLabel(metrics, RELAY_PUBLISHED, SHARD_LABEL),
        byLabel(metrics, OUTBOX_WRITTEN, AGGREGATE_LABEL),
        byLabel(metrics, INBOX_PROCESSED, CONSUMER_LABEL));
  }

  private static Map<String, Double> byLabel(PrometheusText metrics, String name, String label) {
    Map<String, Double> totals = new TreeMap<>();
    for (PrometheusText.Sample sample : metrics.all(name)) {
      String value = sample.labels().get(label);
      if (value != null && !value.isBlank()) {
        totals.merge(value, sample.value(), Double::sum);
      }
    }
    return totals;
  }
}
