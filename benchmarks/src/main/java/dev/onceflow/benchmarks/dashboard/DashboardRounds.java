package dev.onceflow.benchmarks.dashboard;

import dev.onceflow.benchmarks.e2e.RateRounds;
import dev.onceflow.benchmarks.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What the viewers saw in every round, by rate: which order a round runs the rates in (rotated as
 * the end-to-end benchmark rotates them) and what one rate's rounds say (medians, with intervals
 * for the main figures).
 */
final class DashboardRounds {

  private final List<Integer> rates;
  private final Map<Integer, List<DashboardAnalysis.Result>> byRate = new LinkedHashMap<>();

  DashboardRounds(List<Integer> rates) {
    this.rates = List.copyOf(rates);
    rates.forEach(rate -> byRate.put(rate, new ArrayList<>()));
  }

  /** The rates in the order round {@code round} (from 0) runs them. */
  List<Integer> order(int round) {
    return RateRounds.order(rates, round);
  }

  /** Adds one round's result at its rate. */
  void add(DashboardAnalysis.Result result) {
    List<DashboardAnalysis.Result> results = byRate.get(result.step().rate());
    if (results == null) {
      throw new IllegalArgumentException("not a rate of these rounds: " + result.step().rate());
    }
    results.add(result);
  }

  List<Integer> rates() {
    return rates;
  }

  /** The results of {@code rate}, in the order the rounds ran. */
  List<DashboardAnalysis.Result> results(int rate) {
    return List.copyOf(byRate.get(rate));
  }

  /** What the rounds of {@code rate} say. */
  Rate summary(int rate) {
    List<DashboardAnalysis.Result> results = byRate.get(rate);
    return new Rate(
        rate,
        results.size(),
        Summary.of(values(results, r -> r.step().cpuPct())),
        Summary.of(values(results, r -> r.step().cpuUsPerEvent())),
        median(results, r -> r.step().rssMib()),
        median(results, r -> r.intervals().p50()),
        Summary.of(values(results, r -> r.worstClient().p99())),
        median(results, r -> r.intervals().max()),
        median(results, r -> r.bytes().mean()),
        median(results, r -> r.freshness().p50()),
        Summary.of(values(results, r -> r.freshness().p99())),
        results.stream().mapToLong(DashboardAnalysis.Result::unseen).sum(),
        median(results, r -> r.journeyFreshness().p99()),
        median(results, r -> r.search().p50()),
        median(results, r -> r.search().p99()));
  }

  private static List<Double> values(
      List<DashboardAnalysis.Result> results, ToDoubleFunction<DashboardAnalysis.Result> figure) {
    return results.stream().map(figure::applyAsDouble).toList();
  }

  /** The median of the rounds that have the figure (a round without a search has none). */
  private static double median(
      List<DashboardAnalysis.Result> results, ToDoubleFunction<DashboardAnalysis.Result> figure) {
    List<Double> present = values(results, figure).stream().filter(v -> !v.isNaN()).toList();
    return present.isEmpty() ? Double.NaN : Summary.median(present);
  }

  /**
   * One rate over its rounds: each figure the median of the rounds' values.
   *
   * @param cpuPct the dashboard's CPU in % of one core
   * @param cpuUsPerEvent its CPU per event fed, in µs
   * @param intervalP99Ms the rounds' 99th percentile interval of the worse client
   * @param intervalMaxMs the rounds' longest interval at either client
   * @param snapshotBytes the rounds' mean snapshot size
   * @param unseen events never counted by a snapshot, summed over the rounds
   */
  record Rate(
      int rate,
      int rounds,
      Summary cpuPct,
      Summary cpuUsPerEvent,
      double rssMib,
      double intervalP50Ms,
      Summary intervalP99Ms,
      double intervalMaxMs,
      double snapshotBytes,
      double freshnessP50Ms,
      Summary freshnessP99Ms,
      long unseen,
      double journeyFreshnessP99Ms,
      double searchP50Ms,
      double searchP99Ms) {}
}
