package dev.onceflow.dashboard.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  static final String TEXT =
      """
      # HELP onceflow_inbox_processed_total Events whose effect was applied
      # TYPE onceflow_inbox_processed_total counter
      onceflow_inbox_processed_total{consumer="fulfillment"} 1234.0
      onceflow_inbox_dead_lettered_total{consumer="fulfillment",reason="malformed-json"} 2.0
      onceflow_inbox_dead_lettered_total{consumer="fulfillment",reason="unknown-event-type"} 1.0
      onceflow_inbox_latency_seconds{consumer="fulfillment",quantile="0.5"} 0.012
      onceflow_relay_slot_lag_bytes{delivery="exactly-once",shard="default"} -1.0
      odd_label{path="/a\\"b",x="1"} NaN
      jvm_threads 12 1700000000000
      broken{label="x" 3
      """;

  @Test
  void parsesSamplesLabelsAndSums() {
    PrometheusText metrics = PrometheusText.parse(TEXT);
    assertThat(metrics.sum("onceflow_inbox_processed_total")).hasValue(1234.0);
    assertThat(metrics.sum("onceflow_inbox_dead_lettered_total")).hasValue(3.0);
    assertThat(
            metrics.sum(
                "onceflow_inbox_dead_lettered_total",
                labels -> "malformed-json".equals(labels.get("reason"))))
        .hasValue(2.0);
    assertThat(
            metrics.sum(
                "onceflow_inbox_latency_seconds", labels -> "0.5".equals(labels.get("quantile"))))
        .hasValue(0.012);
    assertThat(metrics.sum("onceflow_relay_slot_lag_bytes")).hasValue(-1.0);
    assertThat(metrics.all("odd_label").get(0).labels()).containsEntry("path", "/a\"b");
    assertThat(metrics.sum("jvm_threads")).hasValue(12.0);
    assertThat(metrics.sum("broken")).isEmpty();
    assertThat(metrics.sum("missing")).isEmpty();
  }

  @Test
  void theRelayStateComesFromItsGauges() {
    assertThat(
            Scraper.relayState(
                "onceflow_relay_active{shard=\"default\"} 1.0\n"
                    + "onceflow_relay_state{shard=\"default\",state=\"active\"} 1.0\n"))
        .isEqualTo("active");
    assertThat(
            Scraper.relayState(
                "onceflow_relay_active{shard=\"default\"} 0.0\n"
                    + "onceflow_relay_state{shard=\"default\",state=\"active\"} 0.0\n"
                    + "onceflow_relay_state{shard=\"default\",state=\"standby\"} 1.0\n"))
        .isEqualTo("standby");
  }
}
