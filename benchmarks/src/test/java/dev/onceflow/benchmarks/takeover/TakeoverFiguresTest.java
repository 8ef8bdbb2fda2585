package dev.onceflow.benchmarks.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure logic: the nearest-rank percentile the takeover figures use. */
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
}
