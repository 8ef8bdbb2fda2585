package dev.onceflow.benchmarks.replicated;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.Goals;
import dev.onceflow.benchmarks.cost.CostTable;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Drain;
import dev.onceflow.benchmarks.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The replicated relay benchmark's figures: exactly-once against at-least-once drains on a
 * three-broker cluster (medians of rounds, the paired ratio's mean with its t interval), the CPU of
 * every process per event, and the same relays on one broker in the same rounds for comparison.
 */
final class ReplicatedFigures {

  static final String PREFIX = "relay_replicated.";

  /** One platform's warm drains, round by round: exactly-once and at-least-once. */
  record Rounds(List<Drain> eos, List<Drain> alo) {}

  private final Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * @param single the single-broker platform's rounds, or {@code null} when it did not run
   */
  ReplicatedFigures(Rounds replicated, Rounds single, String backlog) {
    platform("", "three brokers", replicated, backlog);
    if (single != null) {
      platform("single_broker_", "one broker", single, backlog);
      Summary rate = paired(replicated.eos(), single.eos(), Drain::rate);
      put(
          "eos_replicated_to_single_ratio",
          rate.median(),
          "x",
          "exactly-once drain rate, three brokers / one broker, median of the rounds' ratios");
      put(
          "eos_replicated_to_single_ratio_ci_low",
          rate.medianLow(),
          "x",
          rate.medianIntervalDescription("lower"));
      put(
          "eos_replicated_to_single_ratio_ci_high",
          rate.medianHigh(),
          "x",
          rate.medianIntervalDescription("upper"));
      Summary brokers = paired(replicated.eos(), single.eos(), d -> micros(d, "kafka broker"));
      put(
          "brokers_cpu_replicated_to_single_ratio",
          brokers.median(),
          "x",
          "exactly-once: CPU per event of the three brokers together / the single broker's, median of the rounds' ratios");
    }
  }

  private void platform(String prefix, String label, Rounds rounds, String backlog) {
    Summary eos = Summary.of(values(rounds.eos(), Drain::rate));
    Summary alo = Summary.of(values(rounds.alo(), Drain::rate));
    put(
        prefix + "eos_events_per_s",
        eos.median(),
        "events/s",
        "exactly-once relay, "
            + label
            + ", warm drain of "
            + backlog
            + "; median of "
            + eos.n()
            + " rounds");
    put(
        prefix + "eos_events_per_s_ci_low",
        eos.medianLow(),
        "events/s",
        eos.medianIntervalDescription("lower"));
    put(
        prefix + "eos_events_per_s_ci_high",
        eos.medianHigh(),
        "events/s",
        eos.medianIntervalDescription("upper"));
    put(
        prefix + "alo_events_per_s",
        alo.median(),
        "events/s",
        "at-least-once relay, " + label + ", same backlog, median");
    Summary ratio = paired(rounds.eos(), rounds.alo(), Drain::rate);
    put(
        prefix + "eos_to_alo_ratio_mean",
        ratio.mean(),
        "x",
        "exactly-once / at-least-once drain rate, "
            + label
            + ", mean of "
            + ratio.n()
            + " paired rounds");
    put(
        prefix + "eos_to_alo_ratio_ci_low",
        ratio.meanLow(),
        "x",
        "lower end of its 95 % t interval");
    put(
        prefix + "eos_to_alo_ratio_ci_high",
        ratio.meanHigh(),
        "x",
        "upper end of its 95 % t interval");
    put(
        prefix + "cpu_us_per_event_eos",
        Summary.median(values(rounds.eos(), ReplicatedFigures::allProcesses)),
        "µs/event",
        "exactly-once, "
            + label
            + ": CPU of every process (relay, PostgreSQL, broker"
            + (prefix.isEmpty() ? "s" : "")
            + ") per event drained, median");
    put(
        prefix + "cpu_us_per_event_alo",
        Summary.median(values(rounds.alo(), ReplicatedFigures::allProcesses)),
        "µs/event",
        "at-least-once, " + label + ": same");
    put(
        prefix + "brokers_cpu_us_per_event_eos",
        Summary.median(values(rounds.eos(), d -> micros(d, "kafka broker"))),
        "µs/event",
        "exactly-once, "
            + label
            + ": CPU of the broker"
            + (prefix.isEmpty() ? "s together" : "")
            + " per event, median");
    notes.add(costLine("exactly-once, " + label, rounds.eos()));
    notes.add(costLine("at-least-once, " + label, rounds.alo()));
    notes.add(
        "Rounds, "
            + label
            + " (events/s): exactly-once "
            + rates(rounds.eos())
            + "; at-least-once "
            + rates(rounds.alo()));
  }

  Map<String, BenchmarkReport.Figure> figures() {
    return figures;
  }

  List<String> notes() {
    return notes;
  }

  /** Ratios of {@code a} to {@code b} round by round (drains of the same round). */
  static Summary paired(List<Drain> a, List<Drain> b, ToDoubleFunction<Drain> measure) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      ratios.add(measure.applyAsDouble(a.get(i)) / measure.applyAsDouble(b.get(i)));
    }
    return Summary.of(ratios);
  }

  /** CPU µs per event of the processes whose label starts with {@code prefix}. */
  static double micros(Drain drain, String prefix) {
    return drain.cpu().millis(prefix) * 1000.0 / drain.events();
  }

  /** CPU µs per event of every process measured. */
  static double allProcesses(Drain drain) {
    return drain.cpu().total() * 1000.0 / drain.events();
  }

  private static String costLine(String title, List<Drain> drains) {
    CostTable table = new CostTable();
    drains.forEach(drain -> table.add(drain.cpu(), drain.events()));
    return table.line("CPU, " + title, "event");
  }

  private static String rates(List<Drain> drains) {
    return drains.stream()
        .map(d -> String.format(Locale.ROOT, "%,.0f", d.rate()))
        .toList()
        .toString();
  }

  private static List<Double> values(List<Drain> drains, ToDoubleFunction<Drain> measure) {
    return drains.stream().map(measure::applyAsDouble).toList();
  }

  private void put(String key, double value, String unit, String description) {
    figures.put(PREFIX + key, Goals.figure(PREFIX + key, value, unit, description));
  }
}
