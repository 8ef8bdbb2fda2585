package dev.onceflow.benchmarks.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.onceflow.benchmarks.BenchmarkReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pure logic: the audit's figures are medians of the rounds, and what it adds is taken round by
 * round (values worked out by hand in the comments).
 */
class DashboardAuditFiguresTest {

  // Five rounds of 30,000 events; CPU ms and RSS MiB of the dashboard with the audit on and off.
  // On: 150, 140, 160, 130, 170 µs/event -> median 150, interval [130, 170] (n = 5).
  // Off: 130, 130, 120, 110, 140 -> median 130.
  // Added: 20, 10, 40, 20, 30 µs/event -> median 20, interval [10, 40]; the difference of the
  // medians (150 - 130 = 20 µs) happens to agree, but the pairs are what is taken.
  // RSS on 380, 390, 400, 370, 410 -> median 390, max 410; off 310, 320, 300, 305, 340 ->
  // median 310, max 340; added 70, 70, 100, 65, 70 -> median 70, interval [65, 100].
  private static final List<AuditRound> ROUNDS =
      List.of(
          round(0, 4_500, 3_900, 380, 310),
          round(1, 4_200, 3_900, 390, 320),
          round(2, 4_800, 3_600, 400, 300),
          round(3, 3_900, 3_300, 370, 305),
          round(4, 5_100, 4_200, 410, 340));

  @Test
  void eachDashboardsCpuPerEventIsTheMedianOfItsRounds() {
    Map<String, BenchmarkReport.Figure> figures = DashboardAuditFigures.figures(ROUNDS, 1_000);

    assertThat(value(figures, "cpu_us_per_event_audit_on")).isCloseTo(150, within(1e-9));
    assertThat(value(figures, "cpu_us_per_event_audit_on_ci_low")).isCloseTo(130, within(1e-9));
    assertThat(value(figures, "cpu_us_per_event_audit_on_ci_high")).isCloseTo(170, within(1e-9));
    assertThat(value(figures, "cpu_us_per_event_audit_off")).isCloseTo(130, within(1e-9));
  }

  @Test
  void theAddedCostIsTheMedianOfThePairedDifferences() {
    Map<String, BenchmarkReport.Figure> figures = DashboardAuditFigures.figures(ROUNDS, 1_000);

    assertThat(value(figures, "cpu_us_per_event_added")).isCloseTo(20, within(1e-9));
    assertThat(value(figures, "cpu_us_per_event_added_ci_low")).isCloseTo(10, within(1e-9));
    assertThat(value(figures, "cpu_us_per_event_added_ci_high")).isCloseTo(40, within(1e-9));
    assertThat(value(figures, "rss_mib_added")).isEqualTo(70);
    assertThat(value(figures, "rss_mib_added_ci_low")).isEqualTo(65);
    assertThat(value(figures, "rss_mib_added_ci_high")).isEqualTo(100);
  }

  @Test
  void memoryIsTheMedianOfTheRoundsPeaksAndTheHighestPeak() {
    Map<String, BenchmarkReport.Figure> figures = DashboardAuditFigures.figures(ROUNDS, 1_000);

    assertThat(value(figures, "rss_mib_audit_on")).isEqualTo(390);
    assertThat(value(figures, "rss_mib_audit_off")).isEqualTo(310);
    assertThat(value(figures, "rss_mib_max_audit_on")).isEqualTo(410);
    assertThat(value(figures, "rss_mib_max_audit_off")).isEqualTo(340);
  }

  @Test
  void everyFigureBelongsToTheRunsPrefixAndSaysWhichDashboardItIs() {
    Map<String, BenchmarkReport.Figure> figures = DashboardAuditFigures.figures(ROUNDS, 1_000);

    assertThat(figures.keySet()).allMatch(key -> key.startsWith("dashboard-audit."));
    assertThat(figures.get("dashboard-audit.cpu_us_per_event_audit_on").description())
        .contains("at 1,000 events/s")
        .contains("median of 5 rounds");
    // The report sorts figures by key: a description cannot lean on the one before it.
    assertThat(figures.values())
        .allMatch(
            figure ->
                figure.description().contains("audit on")
                    || figure.description().contains("audit off")
                    || figure.description().contains("interval")
                    || figure.description().contains("the audit's"));
  }

  private static double value(Map<String, BenchmarkReport.Figure> figures, String key) {
    BenchmarkReport.Figure figure = figures.get("dashboard-audit." + key);
    assertThat(figure).as(key).isNotNull();
    return figure.value();
  }

  private static AuditRound round(int round, long onCpu, long offCpu, double onRss, double offRss) {
    return new AuditRound(round, 30, 30_000, onCpu, offCpu, onRss, offRss, 50);
  }
}
