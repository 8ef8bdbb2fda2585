package dev.onceflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pure unit test: the comparison of a checked-in list with a service's real exposition. */
class MetricCatalogueTest {

  static final String EXPOSITION =
      """
      # HELP onceflow_inbox_latency_seconds Outbox creation of the event to commit of its effect
      # TYPE onceflow_inbox_latency_seconds histogram
      onceflow_inbox_latency_seconds_bucket{consumer="fulfillment",le="0.001"} 0
      onceflow_inbox_latency_seconds_count{consumer="fulfillment"} 0
      onceflow_inbox_latency_seconds_sum{consumer="fulfillment"} 0.0
      onceflow_inbox_processed_total{consumer="fulfillment"} 3.0
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2E7
      jvm_gc_pause_seconds_count{action="end of minor GC",cause="G1 Evacuation Pause"} 2
      process_cpu_usage 0.02
      """;

  @Test
  void sampleNamesAreWhatPromQlSelects() {
    assertThat(MetricCatalogue.sampleNames(EXPOSITION))
        .containsExactly(
            "jvm_gc_pause_seconds_count",
            "jvm_memory_used_bytes",
            "onceflow_inbox_latency_seconds_bucket",
            "onceflow_inbox_latency_seconds_count",
            "onceflow_inbox_latency_seconds_sum",
            "onceflow_inbox_processed_total",
            "process_cpu_usage");
  }

  /** The list that matches {@link #EXPOSITION}: every onceflow_* name and the basics it has. */
  static final List<String> MATCHING =
      List.of(
          "jvm_memory_used_bytes",
          "onceflow_inbox_latency_seconds_bucket",
          "onceflow_inbox_latency_seconds_count",
          "onceflow_inbox_latency_seconds_sum",
          "onceflow_inbox_processed_total",
          "process_cpu_usage");

  @Test
  void aListThatMatchesTheExpositionPasses(@TempDir Path dir) throws IOException {
    List<String> lines = new ArrayList<>(MATCHING);
    lines.add(0, "# comment");

    assertThat(MetricCatalogue.verify(list(dir, lines), "inbox-consumer", EXPOSITION)).isEmpty();
  }

  @Test
  void aListedNameTheServiceNoLongerExportsFails(@TempDir Path dir) throws IOException {
    List<String> lines = new ArrayList<>(MATCHING);
    lines.add("onceflow_inbox_parked_pending");
    Path file = list(dir, lines);

    assertThat(MetricCatalogue.verify(file, "inbox-consumer", EXPOSITION))
        .first()
        .isEqualTo(
            "onceflow_inbox_parked_pending is listed in "
                + file
                + " but inbox-consumer does not export it");
  }

  @Test
  void anOnceflowMetricMissingFromTheListFails(@TempDir Path dir) throws IOException {
    List<String> lines = new ArrayList<>(MATCHING);
    lines.remove("onceflow_inbox_processed_total");
    Path file = list(dir, lines);

    List<String> problems = MetricCatalogue.verify(file, "inbox-consumer", EXPOSITION);

    assertThat(problems)
        .first()
        .isEqualTo(
            "onceflow_inbox_processed_total is exported by inbox-consumer but not listed in "
                + file);
    assertThat(problems).last().asString().contains("-Donceflow.metrics.regenerate=true");
  }

  private static Path list(Path dir, List<String> lines) throws IOException {
    return Files.write(dir.resolve("inbox-consumer.txt"), lines);
  }
}
