package dev.onceflow.benchmarks.cost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU ms spent over an interval, per process label (e.g. {@code outbox-relay}, {@code postgres
 * walsender}, {@code kafka broker}).
 *
 * @param millis CPU ms by label, in the meter's order
 */
public record CpuCost(Map<String, Long> millis) {

  public CpuCost {
    millis = Collections.unmodifiableMap(new LinkedHashMap<>(millis));
  }

  /** CPU ms of the labels starting with {@code prefix} (e.g. {@code "postgres"}). */
  public long millis(String prefix) {
    return millis.entrySet().stream()
        .filter(entry -> entry.getKey().startsWith(prefix))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Every label's CPU ms. */
  public long total() {
    return millis.values().stream().mapToLong(Long::longValue).sum();
  }

  /** CPU ms per unit of work ({@code units} orders, events...), by label. */
  public Map<String, Double> perUnit(long units) {
    Map<String, Double> per = new LinkedHashMap<>();
    millis.forEach((label, ms) -> per.put(label, ms / (double) units));
    return per;
  }
}
