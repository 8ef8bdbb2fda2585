package dev.onceflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record keeps every run's figures apart, whatever their keys' prefixes. */
class BenchmarkReportTest {

  @TempDir Path docs;

  @Test
  void aRunReplacesOnlyTheFiguresItRecorded() throws Exception {
    BenchmarkReport report = new BenchmarkReport(docs);
    report.record("relay", run(), Map.of("relay.eos_events_per_s", figure(1)));
    // The takeover run writes relay.* keys too (issue 16's stable key relay.takeover_p99_s).
    report.record("takeover", run(), Map.of("relay.takeover_p99_s", figure(4)));
    report.record("relay", run(), Map.of("relay.eos_events_per_s", figure(2)));

    JsonNode figures = new ObjectMapper().readTree(docs.resolve("benchmarks.json").toFile());
    assertThat(figures.path("figures").path("relay.takeover_p99_s").path("value").asDouble())
        .isEqualTo(4);
    assertThat(figures.path("figures").path("relay.takeover_p99_s").path("run").asText())
        .isEqualTo("takeover");
    assertThat(figures.path("figures").path("relay.eos_events_per_s").path("value").asDouble())
        .isEqualTo(2);
    assertThat(Files.readString(docs.resolve("benchmarks.md")))
        .contains("## takeover", "`relay.takeover_p99_s`");
  }

  private static BenchmarkReport.Run run() {
    return new BenchmarkReport.Run(
        "./onceflow bench x", "2026-12-06T00:00:00Z", Map.of(), List.of());
  }

  private static BenchmarkReport.Figure figure(double value) {
    return new BenchmarkReport.Figure(value, "x", "a figure", null, null);
  }
}
