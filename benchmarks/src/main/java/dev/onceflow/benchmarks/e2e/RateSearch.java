package dev.onceflow.benchmarks.e2e;

import java.util.Map;
import java.util.OptionalInt;

/**
 * The search for the highest rate sustained, from what is known of each rate tried (held or not):
 * above the highest rate tried in steps of 1,000 while every rate holds, then halving the gap
 * between the highest rate held and the lowest failed one above it, to within 100 orders/s.
 */
final class RateSearch {

  private RateSearch() {}

  /** The highest rate that held, or 0. */
  static int maxSustained(Map<Integer, Boolean> held) {
    return held.entrySet().stream()
        .filter(Map.Entry::getValue)
        .mapToInt(Map.Entry::getKey)
        .max()
        .orElse(0);
  }

  /** The next rate to try, or empty once the gap is narrow enough (or the rate was tried). */
  static OptionalInt next(Map<Integer, Boolean> held) {
    int best = maxSustained(held);
    OptionalInt lowestFailed =
        held.entrySet().stream()
            .filter(entry -> !entry.getValue() && entry.getKey() > best)
            .mapToInt(Map.Entry::getKey)
            .min();
    int next;
    if (lowestFailed.isEmpty()) {
      next = Math.max(best, 2_000) + 1_000;
    } else if (lowestFailed.getAsInt() - best > 100) {
      next = (int) (Math.round((best + lowestFailed.getAsInt()) / 2.0 / 50.0) * 50);
    } else {
      return OptionalInt.empty();
    }
    return held.containsKey(next) ? OptionalInt.empty() : OptionalInt.of(next);
  }
}
