package dev.onceflow.benchmarks.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.onceflow.benchmarks.cost.CpuCost;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Drain;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure logic: two builds' figures from given drains, values worked out by hand. */
class RelayBuildsFiguresTest {

  @Test
  void ratiosArePairedByRoundAndCostsAreMediansOfRelayAndPostgres() {
    // 100,000 events each. Relay + PostgreSQL: 50, 52, 50 µs/event before; 47, 48.8, 47 after.
    // The broker's 999 ms are not the relay's cost and must not count.
    List<Drain> before =
        List.of(eos(4.0, 3_000, 2_000), eos(4.0, 3_200, 2_000), eos(5.0, 2_800, 2_200));
    List<Drain> after =
        List.of(eos(3.6, 2_700, 2_000), eos(4.0, 2_880, 2_000), eos(4.0, 2_800, 1_900));

    RelayBuildsFigures figures =
        new RelayBuildsFigures(Map.of(Kind.EXACTLY_ONCE, before), Map.of(Kind.EXACTLY_ONCE, after));

    assertThat(value(figures, "eos_cpu_us_per_event_before")).isCloseTo(50.0, within(1e-9));
    assertThat(value(figures, "eos_cpu_us_per_event_after")).isCloseTo(47.0, within(1e-9));
    // 47 / 50, 48.8 / 52, 47 / 50: paired by round, not a ratio of medians (47 / 50 = 0.94).
    assertThat(value(figures, "eos_cpu_after_to_before_mean"))
        .isCloseTo((0.94 + 48.8 / 52 + 0.94) / 3, within(1e-9));
    // The relay alone: 27 / 30, 28.8 / 32, 28 / 28.
    assertThat(value(figures, "eos_relay_cpu_after_to_before_mean"))
        .isCloseTo((0.9 + 0.9 + 1.0) / 3, within(1e-9));
    // Rates 25,000 / 25,000 / 20,000 before; 27,778 / 25,000 / 25,000 after.
    assertThat(value(figures, "eos_rate_after_to_before_mean"))
        .isCloseTo((4.0 / 3.6 + 1.0 + 1.25) / 3, within(1e-9));
    assertThat(value(figures, "eos_relay_cpu_after_to_before_ci_low")).isLessThan(0.9333);
    assertThat(value(figures, "eos_relay_cpu_after_to_before_ci_high")).isGreaterThan(0.9334);
    assertThat(figures.figures().keySet()).noneMatch(key -> key.contains("alo"));
    assertThat(figures.notes().get(0))
        .contains("before [50.0, 52.0, 50.0], after [47.0, 48.8, 47.0]")
        .contains("relay alone before [30.0, 32.0, 28.0], after [27.0, 28.8, 28.0]");
    assertThat(figures.notes().get(1)).contains("kafka broker 10.0");
  }

  @Test
  void roundsThatDoNotPairAreRefusedNamingTheMode() {
    List<Drain> two = List.of(eos(4.0, 3_000, 2_000), eos(4.0, 3_000, 2_000));
    List<Drain> three =
        List.of(eos(4.0, 3_000, 2_000), eos(4.0, 3_000, 2_000), eos(4.0, 3_000, 2_000));

    assertThatThrownBy(
            () ->
                new RelayBuildsFigures(
                    Map.of(Kind.EXACTLY_ONCE, two), Map.of(Kind.EXACTLY_ONCE, three)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exactly-once: 2 drains before, 3 after");
  }

  private static double value(RelayBuildsFigures figures, String key) {
    return figures.figures().get(RelayBuildsFigures.PREFIX + key).value();
  }

  private static Drain eos(double seconds, long relay, long postgres) {
    return new Drain(
        100_000,
        seconds,
        new CpuCost(
            Map.of(
                "exactly-once relay",
                relay,
                "postgres walsender",
                postgres,
                "kafka broker",
                999L)));
  }
}
