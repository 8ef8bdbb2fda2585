package dev.onceflow.benchmarks.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pure logic: the nearest-rank percentile and the log lines the takeover figures use. */
class TakeoverFiguresTest {

  @Test
  void nearestRankPercentiles() {
    List<Double> twelve = List.of(4.3, 6.1, 6.0, 6.7, 5.0, 5.1, 4.9, 5.4, 3.7, 5.2, 3.6, 14.5);
    assertThat(TakeoverFigures.percentile(twelve, 0.99)).isEqualTo(14.5);
    assertThat(TakeoverFigures.percentile(twelve, 1.0)).isEqualTo(14.5);
    // Rank ceil(0.5 * 12) = 6 of 3.6, 3.7, 4.3, 4.9, 5.0, 5.1, ...
    assertThat(TakeoverFigures.percentile(twelve, 0.50)).isEqualTo(5.1);
    assertThat(TakeoverFigures.percentile(List.of(2.0), 0.99)).isEqualTo(2.0);
  }

  @Test
  void theProducerLineOfTheActivationAfterTheKillIsSplit(@TempDir Path logs) throws Exception {
    Path log = logs.resolve("relay.log");
    Files.writeString(
        log,
        "2026-12-07 00:02:30,000 INFO  [x] Producer onceflow-relay-s started (transactional):"
            + " topics checked in 1 ms, producer started in 2 ms, offsets read in 3 ms\n"
            + "2026-12-07 00:02:34,358 INFO  [x] Producer onceflow-relay-s started (transactional):"
            + " topics checked in 41 ms, producer started in 952 ms, offsets read in 17 ms\n"
            + "2026-12-07 00:02:34,360 INFO  [x] Read the offsets topic t to its end: 5120 record(s)"
            + " ahead of the activation, 12 after\n");
    long killedAt =
        LocalDateTime.of(2026, 12, 7, 0, 2, 31)
            .atZone(ZoneId.systemDefault())
            .toInstant()
            .toEpochMilli();
    TakeoverFigures.Kill kill = new TakeoverFigures.Kill(killedAt, log);

    assertThat(TakeoverFigures.afterKill(kill, TakeoverFigures.PRODUCER_TIMES))
        .containsExactly(41.0, 952.0, 17.0);
    assertThat(TakeoverFigures.afterKill(kill, TakeoverFigures.OFFSETS_READ))
        .containsExactly(5120.0, 12.0);
  }
}
