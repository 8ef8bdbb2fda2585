package dev.onceflow.benchmarks.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure unit tests against values computed by hand (and checked against R's t.test / qbinom). */
class SummaryTest {

  @Test
  void meanIntervalIsStudentsT() {
    // mean 3, s = sqrt(2.5), t(0.975, 4) = 2.776: 3 -/+ 2.776 * sqrt(2.5 / 5) = 3 -/+ 1.963.
    Summary summary = Summary.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0));

    assertThat(summary.mean()).isEqualTo(3.0);
    assertThat(summary.meanLow()).isCloseTo(1.037, within(0.001));
    assertThat(summary.meanHigh()).isCloseTo(4.963, within(0.001));
  }

  @Test
  void withFiveRoundsTheMedianIntervalIsTheRangeAndSaysItCoversLessThan95Percent() {
    Summary summary = Summary.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0));

    assertThat(summary.median()).isEqualTo(3.0);
    assertThat(summary.medianLow()).isEqualTo(1.0);
    assertThat(summary.medianHigh()).isEqualTo(5.0);
    assertThat(summary.medianCoverage()).isCloseTo(0.9375, within(1e-9)); // 1 - 2/32
  }

  @Test
  void medianIntervalUsesTheInnermostOrderStatisticsThatStillCover95Percent() {
    // n = 8: [x(1), x(8)] covers 1 - 2/256 = 0.992, [x(2), x(7)] 1 - 18/256 = 0.930.
    Summary eight = Summary.of(List.of(8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0));
    assertThat(eight.median()).isEqualTo(4.5);
    assertThat(eight.medianLow()).isEqualTo(1.0);
    assertThat(eight.medianHigh()).isEqualTo(8.0);
    assertThat(eight.medianCoverage()).isCloseTo(0.9922, within(1e-4));

    // n = 10: [x(2), x(9)] covers 1 - 2 * 11/1024 = 0.979, [x(3), x(8)] 0.891.
    Summary ten = Summary.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0));
    assertThat(ten.medianLow()).isEqualTo(2.0);
    assertThat(ten.medianHigh()).isEqualTo(9.0);
    assertThat(ten.medianCoverage()).isCloseTo(0.9785, within(1e-4));
  }

  @Test
  void tQuantilesFromTheTableAndTheNormalBeyond() {
    assertThat(Summary.t975(1)).isEqualTo(12.706);
    assertThat(Summary.t975(30)).isEqualTo(2.042);
    assertThat(Summary.t975(200)).isEqualTo(1.960);
  }

  @Test
  void oneRoundIsNoStatistic() {
    assertThatThrownBy(() -> Summary.of(List.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 rounds");
  }
}
