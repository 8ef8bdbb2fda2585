package dev.onceflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure unit test of the exposition parser. */
class PrometheusExpositionTest {

  private static final String TEXT =
      """
      # HELP onceflow_inbox_processed_total Events whose effect was applied
      # TYPE onceflow_inbox_processed_total counter
      onceflow_inbox_processed_total{consumer="fulfillment"} 1234.0
      onceflow_inbox_processed_total{consumer="other"} 6.0
      onceflow_inbox_latency_seconds{consumer="fulfillment",quantile="0.5",} 0.25
      odd_labels{path="a \\"quoted\\" \\\\ back\\nslash"} +Inf 1700000000000
      onceflow_relay_slot_lag_bytes -1.0
      """;

  @Test
  void readsNamesLabelsValuesAndEscapes() {
    PrometheusExposition scrape = PrometheusExposition.parse(TEXT);

    assertThat(scrape.samples()).hasSize(5);
    assertThat(scrape.sum("onceflow_inbox_processed_total")).isEqualTo(1240.0);
    assertThat(scrape.value("onceflow_inbox_processed_total", Map.of("consumer", "other")))
        .contains(6.0);
    assertThat(
            scrape.value(
                "onceflow_inbox_latency_seconds",
                Map.of("consumer", "fulfillment", "quantile", "0.5")))
        .contains(0.25);
    assertThat(scrape.value("odd_labels", Map.of("path", "a \"quoted\" \\ back\nslash")))
        .contains(Double.POSITIVE_INFINITY);
    assertThat(scrape.sum("onceflow_relay_slot_lag_bytes")).isEqualTo(-1.0);
  }

  @Test
  void anAbsentSeriesSumsToZeroAndHasNoValue() {
    PrometheusExposition scrape = PrometheusExposition.parse(TEXT);

    assertThat(scrape.has("onceflow_inbox_duplicates_total")).isFalse();
    assertThat(scrape.sum("onceflow_inbox_duplicates_total")).isZero();
    assertThat(scrape.value("onceflow_inbox_processed_total", Map.of())).isEmpty();
  }

  @Test
  void aBrokenLineIsReportedWithItsNumber() {
    assertThatThrownBy(() -> PrometheusExposition.parse("ok 1\nbroken{a=\"x} 2\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
  }
}
