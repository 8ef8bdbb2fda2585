package dev.onceflow.benchmarks.cost;

import dev.onceflow.benchmarks.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU per unit of work over several rounds, by process label: the cost table of a report, each cell
 * the median of the rounds.
 */
public final class CostTable {

  private final Map<String, List<Double>> microsByLabel = new LinkedHashMap<>();

  /** Adds one round: {@code cost} spent on {@code units} units of work. */
  public CostTable add(CpuCost cost, long units) {
    cost.perUnit(units)
        .forEach(
            (label, ms) ->
                microsByLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(ms * 1000));
    return this;
  }

  /** The median µs per unit of each label. */
  public Map<String, Double> medians() {
    Map<String, Double> medians = new LinkedHashMap<>();
    microsByLabel.forEach((label, micros) -> medians.put(label, Summary.median(micros)));
    return medians;
  }

  /**
   * One line for a report's notes: {@code <title> (µs per <unit>, median of rounds): a 1.0; ...}.
   */
  public String line(String title, String unit) {
    StringBuilder line =
        new StringBuilder(title).append(" (µs per ").append(unit).append(", median of rounds): ");
    medians()
        .forEach((label, us) -> line.append(String.format(Locale.ROOT, "%s %.1f; ", label, us)));
    line.append(
        String.format(
            Locale.ROOT,
            "total %.1f.",
            medians().values().stream().mapToDouble(Double::doubleValue).sum()));
    return line.toString();
  }
}
