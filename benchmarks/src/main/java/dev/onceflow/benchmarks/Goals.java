package dev.onceflow.benchmarks;

import dev.onceflow.benchmarks.stats.Summary;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * Every goal a figure is judged against, by the figure's stable key in {@code docs/benchmarks.json}
 * ({@code figures.<key>.value}), in one place (issue 16's table). A figure without an entry is
 * reported without a goal.
 */
public final class Goals {

  /** A goal: its text as the report prints it, and the test. */
  public record Goal(String text, DoublePredicate met) {}

  private static final Map<String, Goal> GOALS =
      Map.ofEntries(
          Map.entry("relay.cdc_to_polling_ratio", new Goal(">= 1.0", v -> v >= 1.0)),
          Map.entry("relay.cpu_per_event_cdc_to_polling", new Goal("<= 1.0", v -> v <= 1.0)),
          Map.entry("relay.eos_to_alo_ratio_mean", new Goal(">= 0.97", v -> v >= 0.97)),
          Map.entry("relay.eos_to_alo_ratio_ci_low", new Goal(">= 0.95", v -> v >= 0.95)),
          Map.entry("relay.cdc_latency_p99_ms", new Goal("<= 50", v -> v <= 50)),
          Map.entry("write_side.ratio_to_pgbench", new Goal(">= 0.5", v -> v >= 0.5)),
          Map.entry("write_side.cpu_ms_per_order", new Goal("<= 0.5", v -> v <= 0.5)),
          Map.entry("relay.takeover_p99_s", new Goal("<= 5", v -> v <= 5)),
          Map.entry("consumer.window_10m_ratio", new Goal(">= 0.9", v -> v >= 0.9)),
          Map.entry("consumer.prune_rows_per_s", new Goal(">= 1,000", v -> v >= 1_000)),
          Map.entry("consumer.events_per_s", new Goal(">= 20000", v -> v >= 20_000)),
          Map.entry("e2e.p99_ms_at_1000", new Goal("<= 100", v -> v <= 100)),
          Map.entry("dashboard.freshness_p99_ms_at_1000", new Goal("<= 2,000", v -> v <= 2_000)),
          Map.entry(
              "dashboard.snapshot_interval_p99_ms_at_1000", new Goal("<= 1,250", v -> v <= 1_250)));

  private Goals() {}

  /** Figure {@code key}, judged against its goal if it has one. */
  public static BenchmarkReport.Figure figure(
      String key, double value, String unit, String description) {
    Goal goal = GOALS.get(key);
    return goal == null
        ? new BenchmarkReport.Figure(value, unit, description, null, null)
        : new BenchmarkReport.Figure(value, unit, description, goal.text(), goal.met().test(value));
  }

  /** Puts figure {@code key} ({@link #figure}) into {@code figures}. */
  public static void put(
      Map<String, BenchmarkReport.Figure> figures,
      String key,
      double value,
      String unit,
      String description) {
    figures.put(key, figure(key, value, unit, description));
  }

  /**
   * Puts figure {@code key}, the median of {@code rounds}, and its distribution-free interval as
   * {@code key_ci_low} and {@code key_ci_high}.
   */
  public static void putMedian(
      Map<String, BenchmarkReport.Figure> figures,
      String key,
      Summary rounds,
      String unit,
      String description) {
    put(figures, key, rounds.median(), unit, description);
    put(
        figures,
        key + "_ci_low",
        rounds.medianLow(),
        unit,
        rounds.medianIntervalDescription("lower"));
    put(
        figures,
        key + "_ci_high",
        rounds.medianHigh(),
        unit,
        rounds.medianIntervalDescription("upper"));
  }
}
