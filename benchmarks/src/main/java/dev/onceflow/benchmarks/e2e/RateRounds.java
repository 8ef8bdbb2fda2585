package dev.onceflow.benchmarks.e2e;

import dev.onceflow.benchmarks.cost.CostTable;
import dev.onceflow.benchmarks.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of every round, by rate: which order a round runs the rates in, and what one rate's
 * rounds say (medians with their intervals, CPU per order by process).
 */
public final class RateRounds {

  private final List<Integer> rates;
  private final Map<Integer, List<RateStep>> stepsByRate = new LinkedHashMap<>();

  RateRounds(List<Integer> rates) {
    this.rates = List.copyOf(rates);
    rates.forEach(rate -> stepsByRate.put(rate, new ArrayList<>()));
  }

  /**
   * The rates in the order round {@code round} (from 0) runs them: rotated by one place a round, so
   * that over as many rounds as rates each rate runs once in each position (first after the round's
   * VACUUM, last before the next one). The dashboard benchmark rotates its rates the same way.
   */
  public static List<Integer> order(List<Integer> rates, int round) {
    List<Integer> order = new ArrayList<>(rates.size());
    for (int i = 0; i < rates.size(); i++) {
      order.add(rates.get((round + i) % rates.size()));
    }
    return order;
  }

  /** The rates in the order round {@code round} runs them. */
  List<Integer> order(int round) {
    return order(rates, round);
  }

  /** Adds the step of one round at its rate. */
  void add(RateStep step) {
    List<RateStep> steps = stepsByRate.get(step.rate());
    if (steps == null) {
      throw new IllegalArgumentException("not a rate of these rounds: " + step.rate());
    }
    steps.add(step);
  }

  List<Integer> rates() {
    return rates;
  }

  /** The steps of {@code rate}, in the order the rounds ran. */
  List<RateStep> steps(int rate) {
    return List.copyOf(stepsByRate.get(rate));
  }

  /** What the rounds of {@code rate} say. */
  Rate summary(int rate) {
    List<RateStep> steps = stepsByRate.get(rate);
    CostTable cost = new CostTable();
    steps.forEach(step -> cost.add(step.cpu(), step.orders()));
    return new Rate(
        rate,
        steps.size(),
        (int) steps.stream().filter(RateStep::sustained).count(),
        Summary.of(steps.stream().map(RateStep::achieved).toList()),
        Summary.of(steps.stream().map(RateStep::p50Ms).toList()),
        Summary.median(steps.stream().map(RateStep::p95Ms).toList()),
        Summary.of(steps.stream().map(RateStep::p99Ms).toList()),
        Summary.median(
            steps.stream().map(step -> step.cpu().total() / (double) step.orders()).toList()),
        cost);
  }

  /**
   * One rate over its rounds.
   *
   * @param rounds how many rounds ran it
   * @param held rounds in which it was sustained ({@link RateStep#sustained()})
   * @param achieved orders acknowledged per second of sending
   * @param p95Ms median of the rounds' 95th percentiles
   * @param cpuMsPerOrder median of the rounds' CPU of every process per order
   * @param cost CPU per order by process, each the median of the rounds
   */
  record Rate(
      int rate,
      int rounds,
      int held,
      Summary achieved,
      Summary p50Ms,
      double p95Ms,
      Summary p99Ms,
      double cpuMsPerOrder,
      CostTable cost) {

    /** Sustained in more than half of its rounds. */
    boolean heldInMostRounds() {
      return 2 * held > rounds;
    }
  }
}
