package dev.onceflow.benchmarks.relay;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.Goals;
import dev.onceflow.benchmarks.cost.CostTable;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Drain;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Kind;
import dev.onceflow.benchmarks.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Two relay builds compared drain by drain: the figures of {@link RelayBuildsBenchmark}. A ratio is
 * after / before of the two drains of one round (run back to back, same mode, same backlog), its
 * mean with a 95 % t interval; CPU per event of each build is the median of its rounds.
 */
final class RelayBuildsFigures {

  static final String PREFIX = "relay-builds.";

  private final Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * @param before the baseline build's warm drains by mode, round by round
   * @param after the build under test's, in the same rounds
   */
  RelayBuildsFigures(Map<Kind, List<Drain>> before, Map<Kind, List<Drain>> after) {
    for (Kind kind : before.keySet()) {
      compare(kind, before.get(kind), after.get(kind));
    }
  }

  Map<String, BenchmarkReport.Figure> figures() {
    return figures;
  }

  List<String> notes() {
    return notes;
  }

  private void compare(Kind kind, List<Drain> before, List<Drain> after) {
    if (before.size() != after.size()) {
      throw new IllegalArgumentException(
          kind.label + ": " + before.size() + " drains before, " + after.size() + " after");
    }
    String mode = kind.key;
    ToDoubleFunction<Drain> whole = drain -> RelayFigures.relayAndPostgres(kind, drain);
    ToDoubleFunction<Drain> relay =
        drain -> drain.cpu().millis(kind.label + " relay") * 1000.0 / drain.events();
    Summary cpuBefore = Summary.of(values(before, whole));
    Summary cpuAfter = Summary.of(values(after, whole));
    Goals.putMedian(
        figures,
        PREFIX + mode + "_cpu_us_per_event_before",
        cpuBefore,
        "µs/event",
        kind.label
            + " relay, order-shaped backlog: CPU of the relay's JVM and PostgreSQL per event"
            + " drained, baseline build, median of "
            + cpuBefore.n()
            + " rounds");
    Goals.putMedian(
        figures,
        PREFIX + mode + "_cpu_us_per_event_after",
        cpuAfter,
        "µs/event",
        "same, build under test");
    ratio(
        mode + "_cpu_after_to_before",
        paired(before, after, whole),
        kind.label + ": CPU per event (relay + PostgreSQL), after / before");
    ratio(
        mode + "_relay_cpu_after_to_before",
        paired(before, after, relay),
        kind.label + ": CPU per event of the relay's JVM alone, after / before");
    ratio(
        mode + "_rate_after_to_before",
        paired(before, after, Drain::rate),
        kind.label + ": drain rate, after / before");
    notes.add(
        String.format(
            Locale.ROOT,
            "%s, round by round: relay + PostgreSQL µs/event before %s, after %s; relay alone"
                + " before %s, after %s; events/s before %s, after %s.",
            kind.label,
            rounded(values(before, whole)),
            rounded(values(after, whole)),
            rounded(values(before, relay)),
            rounded(values(after, relay)),
            rounded(values(before, Drain::rate)),
            rounded(values(after, Drain::rate))));
    notes.add(costLine(kind, "before", before));
    notes.add(costLine(kind, "after", after));
  }

  private void ratio(String name, Summary ratios, String description) {
    Goals.put(
        figures,
        PREFIX + name + "_mean",
        ratios.mean(),
        "x",
        description + ", mean of " + ratios.n() + " paired rounds");
    Goals.put(
        figures,
        PREFIX + name + "_ci_low",
        ratios.meanLow(),
        "x",
        "lower end of its 95 % t interval");
    Goals.put(
        figures,
        PREFIX + name + "_ci_high",
        ratios.meanHigh(),
        "x",
        "upper end of its 95 % t interval");
  }

  private static Summary paired(
      List<Drain> before, List<Drain> after, ToDoubleFunction<Drain> measure) {
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < before.size(); round++) {
      ratios.add(
          measure.applyAsDouble(after.get(round)) / measure.applyAsDouble(before.get(round)));
    }
    return Summary.of(ratios);
  }

  private static String costLine(Kind kind, String build, List<Drain> drains) {
    CostTable table = new CostTable();
    drains.forEach(drain -> table.add(drain.cpu(), drain.events()));
    return table.line("CPU, " + kind.label + ", " + build, "event");
  }

  private static List<Double> values(List<Drain> drains, ToDoubleFunction<Drain> measure) {
    return drains.stream().map(measure::applyAsDouble).toList();
  }

  private static String rounded(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList().toString();
  }
}
