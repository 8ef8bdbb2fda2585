package dev.onceflow.benchmarks.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.onceflow.benchmarks.BenchmarkReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure logic: a rate's figures are the medians of its rounds, with their intervals. */
class DashboardFiguresTest {

  private static final List<Integer> RATES = List.of(10, 1_000, 2_000);
  private static final long STEP_NANOS = 20_000_000_000L;

  @Test
  void eachRoundRotatesTheRatesByOnePlace() {
    DashboardRounds rounds = new DashboardRounds(RATES);

    assertThat(rounds.order(0)).containsExactly(10, 1_000, 2_000);
    assertThat(rounds.order(1)).containsExactly(1_000, 2_000, 10);
    assertThat(rounds.order(2)).containsExactly(2_000, 10, 1_000);
  }

  @Test
  void aRateIsTheMedianOfItsRoundsWithTheIntervalOfTheMedian() {
    DashboardRounds rounds = new DashboardRounds(List.of(1_000));
    // CPU ms over 20 s: 10, 12, 15, 11, 25, 13 % of a core; median 12.5.
    long[] cpuMillis = {2_000, 2_400, 3_000, 2_200, 5_000, 2_600};
    // Per event of the round's own events: 100, 120, 150, 110, 100, 260 µs; median 115.
    long[] events = {20_000, 20_000, 20_000, 20_000, 50_000, 10_000};
    double[] intervalP99 = {1_010, 1_005, 1_020, 1_300, 1_008, 1_012};
    double[] freshnessP99 = {900, 950, 1_000, 3_000, 980, 990};
    for (int round = 0; round < 6; round++) {
      rounds.add(
          result(
              round,
              1_000,
              cpuMillis[round],
              events[round],
              intervalP99[round],
              freshnessP99[round],
              0));
    }

    Map<String, BenchmarkReport.Figure> figures = DashboardFigures.figures(rounds);

    assertThat(value(figures, "dashboard.cpu_pct_at_1000")).isCloseTo(12.5, within(1e-9));
    // Six rounds: the widest interval, from the lowest round to the highest, is the 95 % one.
    assertThat(value(figures, "dashboard.cpu_pct_at_1000_ci_low")).isCloseTo(10, within(1e-9));
    assertThat(value(figures, "dashboard.cpu_pct_at_1000_ci_high")).isCloseTo(25, within(1e-9));
    assertThat(figures.get("dashboard.cpu_pct_at_1000_ci_low").description())
        .contains("coverage 96.9 %");
    assertThat(value(figures, "dashboard.cpu_us_per_event_at_1000")).isCloseTo(115, within(1e-9));
    assertThat(value(figures, "dashboard.cpu_us_per_event_at_1000_ci_low"))
        .isCloseTo(100, within(1e-9));
    assertThat(value(figures, "dashboard.cpu_us_per_event_at_1000_ci_high"))
        .isCloseTo(260, within(1e-9));
    assertThat(value(figures, "dashboard.snapshot_interval_p99_ms_at_1000")).isEqualTo(1_011);
    assertThat(value(figures, "dashboard.snapshot_interval_p99_ms_at_1000_ci_high"))
        .isEqualTo(1_300);
    // One slow round of six moves the median little, as a mean (1,303) would not.
    BenchmarkReport.Figure freshness = figures.get("dashboard.freshness_p99_ms_at_1000");
    assertThat(freshness.value()).isEqualTo(985);
    assertThat(freshness.goal()).isEqualTo("<= 2,000");
    assertThat(freshness.met()).isTrue();
    assertThat(value(figures, "dashboard.freshness_p99_ms_at_1000_ci_low")).isEqualTo(900);
    assertThat(value(figures, "dashboard.freshness_p99_ms_at_1000_ci_high")).isEqualTo(3_000);
    assertThat(figures.get("dashboard.snapshot_interval_p99_ms_at_1000").met()).isTrue();
    assertThat(figures.get("dashboard.cpu_pct_at_1000").description())
        .contains("median of 6 rounds");
  }

  @Test
  void withTenRoundsTheIntervalLeavesOutTheOutermostRounds() {
    DashboardRounds rounds = new DashboardRounds(List.of(2_000));
    // CPU 1 % to 10 % of a core, in no order: [x(2), x(9)] is the 95 % interval of ten.
    long[] cpuMillis = {600, 200, 1_000, 400, 2_000, 800, 1_200, 1_400, 1_600, 1_800};
    for (int round = 0; round < cpuMillis.length; round++) {
      rounds.add(result(round, 2_000, cpuMillis[round], 40_000, 1_000, 900, 0));
    }

    Map<String, BenchmarkReport.Figure> figures = DashboardFigures.figures(rounds);

    assertThat(value(figures, "dashboard.cpu_pct_at_2000")).isCloseTo(5.5, within(1e-9));
    assertThat(value(figures, "dashboard.cpu_pct_at_2000_ci_low")).isCloseTo(2, within(1e-9));
    assertThat(value(figures, "dashboard.cpu_pct_at_2000_ci_high")).isCloseTo(9, within(1e-9));
    // The rate without a goal is reported without one.
    assertThat(figures.get("dashboard.freshness_p99_ms_at_2000").goal()).isNull();
  }

  @Test
  void aGoalIsJudgedOnTheMedianAndAnEventNeverShownMissesIt() {
    DashboardRounds slow = new DashboardRounds(List.of(1_000));
    DashboardRounds lost = new DashboardRounds(List.of(1_000));
    for (int round = 0; round < 5; round++) {
      slow.add(result(round, 1_000, 2_000, 20_000, 1_000 + 100 * round, 1_900 + 100 * round, 0));
      lost.add(result(round, 1_000, 2_000, 20_000, 1_000, 900, round == 3 ? 2 : 0));
    }

    Map<String, BenchmarkReport.Figure> late = DashboardFigures.figures(slow);
    Map<String, BenchmarkReport.Figure> missing = DashboardFigures.figures(lost);

    // Intervals 1,000 to 1,400 ms: median 1,200, within 1,250. Freshness 1,900 to 2,300 ms: median
    // 2,100, over 2,000.
    assertThat(late.get("dashboard.snapshot_interval_p99_ms_at_1000").met()).isTrue();
    assertThat(late.get("dashboard.freshness_p99_ms_at_1000").value()).isEqualTo(2_100);
    assertThat(late.get("dashboard.freshness_p99_ms_at_1000").met()).isFalse();
    assertThat(missing.get("dashboard.freshness_p99_ms_at_1000").value()).isEqualTo(900);
    assertThat(missing.get("dashboard.freshness_p99_ms_at_1000").met()).isFalse();
    assertThat(missing.get("dashboard.freshness_p99_ms_at_1000").description())
        .contains("2 event(s) never counted");
  }

  @Test
  void aRoundWithoutASearchLeavesTheSearchMedianToTheOthers() {
    DashboardRounds rounds = new DashboardRounds(List.of(10));
    for (int round = 0; round < 5; round++) {
      DashboardAnalysis.Stats search =
          round == 0 ? stats(Double.NaN) : new DashboardAnalysis.Stats(100, 5, round, 10, 12);
      rounds.add(result(round, 10, 2_000, 200, 1_000, 900, 0, search));
    }

    Map<String, BenchmarkReport.Figure> figures = DashboardFigures.figures(rounds);

    // Rounds 1 to 4 searched: p50 1, 2, 3, 4 ms.
    assertThat(value(figures, "dashboard.search_p50_ms_at_10")).isEqualTo(2.5);
    // 2 s of CPU over 200 events: 10,000 µs per event at the baseline.
    assertThat(value(figures, "dashboard.cpu_us_per_event_at_10")).isCloseTo(10_000, within(1e-9));
  }

  @Test
  void fewerThanFiveRoundsAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> DashboardBenchmark.Options.parse(new String[] {"--rounds", "4"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--rounds must be at least 5, was 4");
  }

  @Test
  void aResultAtAnotherRateIsRefused() {
    DashboardRounds rounds = new DashboardRounds(RATES);

    assertThatThrownBy(() -> rounds.add(result(0, 750, 1, 1, 1, 1, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double value(Map<String, BenchmarkReport.Figure> figures, String key) {
    assertThat(figures).containsKey(key);
    return figures.get(key).value();
  }

  private static DashboardAnalysis.Result result(
      int round,
      int rate,
      long cpuMillis,
      long events,
      double intervalP99,
      double freshnessP99,
      long unseen) {
    return result(
        round,
        rate,
        cpuMillis,
        events,
        intervalP99,
        freshnessP99,
        unseen,
        new DashboardAnalysis.Stats(100, 5, 4, 10, 12));
  }

  private static DashboardAnalysis.Result result(
      int round,
      int rate,
      long cpuMillis,
      long events,
      double intervalP99,
      double freshnessP99,
      long unseen,
      DashboardAnalysis.Stats search) {
    long start = round * 2 * STEP_NANOS;
    DashboardStep step =
        new DashboardStep(
            round,
            rate,
            start,
            start + STEP_NANOS,
            1_000L * round,
            1_000L * round + events,
            events / 20.0,
            cpuMillis,
            250,
            60);
    return new DashboardAnalysis.Result(
        step,
        new DashboardAnalysis.Stats(40, 1_000, 1_000, intervalP99, intervalP99 + 5),
        new DashboardAnalysis.Stats(20, 1_000, 1_000, intervalP99, intervalP99 + 5),
        stats(9_000),
        new DashboardAnalysis.Stats((int) events, 500, 500, freshnessP99, freshnessP99 + 20),
        unseen,
        stats(40),
        search,
        1.0);
  }

  private static DashboardAnalysis.Stats stats(double value) {
    return new DashboardAnalysis.Stats(10, value, value, value, value);
  }
}
