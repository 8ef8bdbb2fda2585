package dev.onceflow.benchmarks.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.onceflow.benchmarks.cost.CpuCost;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Drain;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure logic: the decoding floor's figures from given drains. */
class FloorFiguresTest {

  @Test
  void floorFiguresAreMediansOfRoundsAndPairedWithPollingsWholeCost() {
    // 100,000 events each; PostgreSQL = exited (the walsender) + background.
    List<Drain> floor =
        List.of(
            floor(4.0, 3_500, 200, 1_500),
            floor(5.0, 3_900, 200, 1_600),
            floor(4.5, 3_600, 300, 1_550));
    // Polling's whole CPU: 1,000 + 300 + 130 = 1,430 ms; 1,500 + 400 + 100 = 2,000; 900 + 300 + 200
    // = 1,400.
    List<Drain> polling =
        List.of(
            polling(1.2, 1_000, 300, 130),
            polling(1.3, 1_500, 400, 100),
            polling(1.1, 900, 300, 200));

    FloorFigures figures = new FloorFigures(floor, polling, 100_000);

    // Rates 25,000 / 20,000 / 22,222 events/s.
    assertThat(value(figures, "events_per_s")).isCloseTo(22_222.22, within(0.01));
    assertThat(value(figures, "events_per_s_ci_low")).isCloseTo(20_000, within(1e-9));
    assertThat(value(figures, "events_per_s_ci_high")).isCloseTo(25_000, within(1e-9));
    // PostgreSQL 37 / 41 / 39 µs per event; the broker is not PostgreSQL.
    assertThat(value(figures, "walsender_us_per_event")).isCloseTo(39.0, within(1e-9));
    assertThat(value(figures, "client_us_per_event")).isCloseTo(15.5, within(1e-9));
    // Round by round: 37 / 14.3, 41 / 20, 39 / 14 = 2.59, 2.05, 2.79; median 37 / 14.3.
    assertThat(value(figures, "to_polling_cpu")).isCloseTo(37.0 / 14.3, within(1e-9));
    assertThat(figures.notes().get(0)).contains("[37.0, 41.0, 39.0]").contains("2.59, 2.05, 2.79");
    assertThat(figures.notes().get(1)).contains("postgres exited 36.0");
  }

  @Test
  void withoutThePollingRelayThereIsNoRatioToIt() {
    List<Drain> floor = List.of(floor(4.0, 3_500, 200, 1_500), floor(5.0, 3_900, 200, 1_600));

    FloorFigures figures = new FloorFigures(floor, null, 100_000);

    assertThat(figures.figures())
        .containsKey(FloorFigures.PREFIX + "walsender_us_per_event")
        .doesNotContainKey(FloorFigures.PREFIX + "to_polling_cpu");
    assertThat(figures.figures().keySet()).allMatch(key -> key.startsWith("relay.decoding_floor_"));
  }

  private static double value(FloorFigures figures, String key) {
    return figures.figures().get(FloorFigures.PREFIX + key).value();
  }

  private static Drain floor(double seconds, long exited, long background, long client) {
    return new Drain(
        100_000,
        seconds,
        new CpuCost(
            Map.of(
                "postgres exited",
                exited,
                "postgres background",
                background,
                "kafka broker",
                50L,
                DecodingFloor.CLIENT,
                client)));
  }

  private static Drain polling(double seconds, long relay, long postgres, long broker) {
    return new Drain(
        100_000,
        seconds,
        new CpuCost(
            Map.of("polling relay", relay, "postgres backends", postgres, "kafka broker", broker)));
  }
}
