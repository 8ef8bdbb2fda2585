package dev.onceflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchmarksTest {

  @Test
  void helpIsAskedForBeforeOrAfterTheBenchmarkName() {
    assertThat(Benchmarks.asksForHelp(new String[] {"--help"})).isTrue();
    assertThat(Benchmarks.asksForHelp(new String[] {"help"})).isTrue();
    assertThat(Benchmarks.asksForHelp(new String[] {"relay", "--help"})).isTrue();
    assertThat(Benchmarks.asksForHelp(new String[] {"write-side", "--rounds", "5", "-h"})).isTrue();
  }

  @Test
  void optionsAndTheirValuesAreNotHelp() {
    assertThat(Benchmarks.asksForHelp(new String[] {"relay", "--rounds", "12"})).isFalse();
    assertThat(Benchmarks.asksForHelp(new String[] {"report", "--docs", "help"})).isFalse();
    assertThat(Benchmarks.asksForHelp(new String[] {})).isFalse();
  }
}
