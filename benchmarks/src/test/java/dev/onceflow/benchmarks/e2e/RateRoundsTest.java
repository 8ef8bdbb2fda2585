package dev.onceflow.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.onceflow.benchmarks.cost.CpuCost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure logic: the rotation of the rates and the summary of one rate's rounds. */
class RateRoundsTest {

  private static final List<Integer> RATES = List.of(500, 1_000, 2_000);

  @Test
  void eachRoundRotatesTheRatesByOnePlace() {
    assertThat(RateRounds.order(RATES, 0)).containsExactly(500, 1_000, 2_000);
    assertThat(RateRounds.order(RATES, 1)).containsExactly(1_000, 2_000, 500);
    assertThat(RateRounds.order(RATES, 2)).containsExactly(2_000, 500, 1_000);
    assertThat(RateRounds.order(RATES, 3)).containsExactly(500, 1_000, 2_000);
  }

  @Test
  void overAsManyRoundsAsRatesEachRateRunsOnceInEachPosition() {
    for (int position = 0; position < RATES.size(); position++) {
      int at = position;
      assertThat(List.of(0, 1, 2).stream().map(r -> RateRounds.order(RATES, r).get(at)))
          .containsExactlyInAnyOrderElementsOf(RATES);
    }
  }

  @Test
  void aRateIsSummarisedByTheMediansOfItsRounds() {
    RateRounds rounds = new RateRounds(RATES);
    // Achieved, p50, p95, p99, sustained, orders, CPU ms (order-service, postgres backends).
    rounds.add(step(1_000, 700, 90, 170, 480, false, 14_000, 7_000, 2_800));
    rounds.add(step(1_000, 990, 40, 80, 95, true, 20_000, 9_000, 3_000));
    rounds.add(step(1_000, 980, 50, 90, 120, true, 20_000, 10_000, 4_000));
    rounds.add(step(1_000, 995, 45, 85, 100, true, 10_000, 4_000, 1_000));
    rounds.add(step(1_000, 900, 60, 110, 300, false, 18_000, 9_000, 3_600));
    rounds.add(step(500, 500, 30, 50, 60, true, 7_500, 2_000, 500));
    rounds.add(step(500, 500, 32, 52, 62, true, 7_500, 2_100, 500));

    RateRounds.Rate rate = rounds.summary(1_000);

    assertThat(rate.rounds()).isEqualTo(5);
    assertThat(rate.held()).isEqualTo(3);
    assertThat(rate.heldInMostRounds()).isTrue();
    assertThat(rate.achieved().median()).isEqualTo(980);
    // Five rounds: the interval is the range.
    assertThat(rate.achieved().medianLow()).isEqualTo(700);
    assertThat(rate.achieved().medianHigh()).isEqualTo(995);
    assertThat(rate.p50Ms().median()).isEqualTo(50);
    assertThat(rate.p95Ms()).isEqualTo(90);
    assertThat(rate.p99Ms().median()).isEqualTo(120);
    assertThat(rate.p99Ms().medianLow()).isEqualTo(95);
    assertThat(rate.p99Ms().medianHigh()).isEqualTo(480);
    // Total CPU per order: 0.7, 0.6, 0.7, 0.5, 0.7 ms; median 0.7.
    assertThat(rate.cpuMsPerOrder()).isCloseTo(0.7, within(1e-9));
    // order-service µs per order: 500, 450, 500, 400, 500 -> 500; postgres: 200, 150, 200, 100,
    // 200.
    Map<String, Double> cost = rate.cost().medians();
    assertThat(cost.get("order-service")).isCloseTo(500, within(1e-9));
    assertThat(cost.get("postgres backends")).isCloseTo(200, within(1e-9));
    assertThat(rounds.summary(500).rounds()).isEqualTo(2);
  }

  @Test
  void aRateThatHeldInHalfItsRoundsDidNotHoldInMost() {
    RateRounds rounds = new RateRounds(RATES);
    rounds.add(step(2_000, 1_990, 40, 80, 95, true, 30_000, 9_000, 3_000));
    rounds.add(step(2_000, 800, 90, 170, 480, false, 12_000, 7_000, 2_800));

    assertThat(rounds.summary(2_000).heldInMostRounds()).isFalse();
  }

  @Test
  void aStepAtAnotherRateIsRefused() {
    RateRounds rounds = new RateRounds(RATES);

    assertThatThrownBy(() -> rounds.add(step(750, 700, 1, 1, 1, true, 1, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static RateStep step(
      int rate,
      double achieved,
      double p50,
      double p95,
      double p99,
      boolean sustained,
      long orders,
      long serviceMs,
      long postgresMs) {
    return new RateStep(
        "r-rate" + rate,
        rate,
        achieved,
        p50,
        p95,
        p99,
        p99 + 10,
        (int) orders,
        0,
        0,
        0,
        List.of(),
        sustained,
        orders,
        new CpuCost(Map.of("order-service", serviceMs, "postgres backends", postgresMs)));
  }
}
