package dev.onceflow.benchmarks.replicated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.onceflow.benchmarks.cost.CpuCost;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Drain;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure logic: paired ratios and CPU per event of the replicated relay's figures. */
class ReplicatedFiguresTest {

  @Test
  void ratiosArePairedRoundByRoundAndCpuIsPerEventByProcess() {
    List<Drain> eos = List.of(drain(10.0, 1000, 600), drain(8.0, 1100, 700), drain(10.0, 900, 650));
    List<Drain> alo = List.of(drain(9.0, 900, 500), drain(8.0, 1000, 600), drain(9.5, 800, 600));
    List<Drain> singleEos =
        List.of(drain(5.0, 800, 200), drain(5.0, 800, 250), drain(4.0, 700, 210));
    List<Drain> singleAlo =
        List.of(drain(4.5, 700, 200), drain(5.0, 700, 200), drain(4.0, 600, 200));

    ReplicatedFigures figures =
        new ReplicatedFigures(
            new ReplicatedFigures.Rounds(eos, alo),
            new ReplicatedFigures.Rounds(singleEos, singleAlo),
            "100,000 events");

    // Rates 10,000 / 12,500 / 10,000 events/s against 11,111 / 12,500 / 10,526.
    assertThat(value(figures, "eos_events_per_s")).isEqualTo(10_000);
    assertThat(value(figures, "eos_to_alo_ratio_mean"))
        .isCloseTo((0.9 + 1.0 + 0.95) / 3, within(1e-9));
    // Relay + PostgreSQL 2,000 + brokers: 3,600 / 3,800 / 3,550 ms over 100,000 events.
    assertThat(value(figures, "cpu_us_per_event_eos")).isCloseTo(36.0, within(1e-9));
    assertThat(value(figures, "brokers_cpu_us_per_event_eos")).isCloseTo(6.5, within(1e-9));
    // Three brokers / one per round: 600/200, 700/250, 650/210; median 3.0.
    assertThat(value(figures, "brokers_cpu_replicated_to_single_ratio"))
        .isCloseTo(3.0, within(1e-9));
    // Exactly-once rates, replicated / single: 0.5, 0.625, 0.4; median 0.5.
    assertThat(value(figures, "eos_replicated_to_single_ratio")).isCloseTo(0.5, within(1e-9));
    assertThat(figures.figures()).containsKey("relay_replicated.single_broker_eos_events_per_s");
  }

  @Test
  void withoutTheSingleBrokerOnlyTheReplicatedFiguresAreWritten() {
    List<Drain> eos = List.of(drain(10.0, 1000, 600), drain(8.0, 1100, 700));
    List<Drain> alo = List.of(drain(9.0, 900, 500), drain(8.0, 1000, 600));

    ReplicatedFigures figures =
        new ReplicatedFigures(new ReplicatedFigures.Rounds(eos, alo), null, "100,000 events");

    assertThat(figures.figures().keySet())
        .allMatch(key -> key.startsWith("relay_replicated."))
        .noneMatch(key -> key.contains("single"));
  }

  private static double value(ReplicatedFigures figures, String key) {
    return figures.figures().get(ReplicatedFigures.PREFIX + key).value();
  }

  /** A drain of 100,000 events: relay and PostgreSQL CPU fixed, brokers' CPU split in two. */
  private static Drain drain(double seconds, long relayMs, long brokersMs) {
    return new Drain(
        100_000,
        seconds,
        new CpuCost(
            Map.of(
                "exactly-once relay",
                relayMs,
                "postgres backends",
                2000L,
                "kafka broker 1",
                brokersMs / 2,
                "kafka broker 2",
                brokersMs - brokersMs / 2)));
  }
}
