package dev.onceflow.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pure unit test of the metric-name extraction the rule and dashboard checks rely on. */
class PromQlTest {

  @Test
  void findsTheMetricsOfAnAlertAndNothingElse() {
    String expression =
        """
        (sum by (namespace, shard) (increase(onceflow_relay_events_published_total[10m])) == 0)
        and on (namespace, shard)
        (max by (namespace, shard) (delta(onceflow_relay_slot_lag_bytes{state="x y"}[10m])) > 1e9)
        """;

    assertThat(PromQl.metricNames(expression))
        .containsExactly("onceflow_relay_events_published_total", "onceflow_relay_slot_lag_bytes");
  }

  @Test
  void ignoresLabelsDurationsOffsetsAndGrafanaVariables() {
    String expression =
        "count by (reason) (a_total{namespace=\"$namespace\"} unless b_total offset 10m)"
            + " / ignoring (pod) group_left (shard) c_seconds_bucket[$__rate_interval]"
            + " + histogram_quantile(0.99, sum without (pod) (rate(d_bucket[5m])))";

    assertThat(PromQl.metricNames(expression))
        .containsExactly("a_total", "b_total", "c_seconds_bucket", "d_bucket");
  }

  @Test
  void grafanaLabelValuesNamesOnlyItsMetric() {
    assertThat(PromQl.metricNames("label_values(onceflow_relay_active, namespace)"))
        .containsExactly("onceflow_relay_active");
  }

  @Test
  void aMetricNamedInsideBracesIsNotMissed() {
    assertThat(PromQl.metricNames("absent(onceflow_relay_active{job=\"outbox-relay\"})"))
        .containsExactly("onceflow_relay_active");
  }
}
