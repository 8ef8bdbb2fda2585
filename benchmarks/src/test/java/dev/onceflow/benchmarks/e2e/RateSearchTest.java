package dev.onceflow.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Pure logic: where the search for the highest sustained rate goes next, and where it stops. */
class RateSearchTest {

  @Test
  void aboveTheFixedRatesWhileEveryRateHolds() {
    Map<Integer, Boolean> held = new TreeMap<>(Map.of(500, true, 1_000, true, 2_000, true));

    assertThat(RateSearch.maxSustained(held)).isEqualTo(2_000);
    assertThat(RateSearch.next(held)).hasValue(3_000);
  }

  @Test
  void halvesTheGapBetweenTheHighestHeldAndTheLowestFailedAboveIt() {
    Map<Integer, Boolean> held = new TreeMap<>(Map.of(500, true, 1_000, false, 2_000, false));

    assertThat(RateSearch.next(held)).hasValue(750);
    held.put(750, true);
    // (750 + 1,000) / 2 = 875, rounded to 50: 900.
    assertThat(RateSearch.next(held)).hasValue(900);
    held.put(900, false);
    assertThat(RateSearch.maxSustained(held)).isEqualTo(750);
    // (750 + 900) / 2 = 825, rounded to 50: 850.
    assertThat(RateSearch.next(held)).hasValue(850);
    held.put(850, true);
    // 850 held, 900 failed: within 100 orders/s, done.
    assertThat(RateSearch.next(held)).isEmpty();
    assertThat(RateSearch.maxSustained(held)).isEqualTo(850);
  }

  @Test
  void nothingHeldIsZeroAndTheSearchTriesBelowTheLowestFailedRate() {
    Map<Integer, Boolean> held = new TreeMap<>(Map.of(500, false, 1_000, false));

    assertThat(RateSearch.maxSustained(held)).isZero();
    assertThat(RateSearch.next(held)).hasValue(250);
  }
}
