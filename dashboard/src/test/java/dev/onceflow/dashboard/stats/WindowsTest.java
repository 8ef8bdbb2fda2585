package dev.onceflow.dashboard.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Per-second rates, latency percentiles and consumer lag. */
class WindowsTest {

  @Test
  void ratesCountCompleteSecondsAndDropWhatIsOutsideTheRing() {
    PerSecondCounter counter = new PerSecondCounter(60);
    long now = 1_000;
    for (long s = now - 10; s < now; s++) {
      counter.add(s, now, 5);
    }
    counter.add(now, now, 1_000); // the current, incomplete second does not count yet
    counter.add(now - 600, now, 1_000_000); // a backfilled record from long ago: dropped
    assertThat(counter.rate(now, 10)).isEqualTo(5.0);
    assertThat(counter.count(now - 600)).isZero();
  }

  @Test
  void percentilesAreWithinFivePercent() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int ms = 1; ms <= 1_000; ms++) {
      histogram.record(ms);
    }
    assertThat(histogram.count()).isEqualTo(1_000);
    assertThat(histogram.percentile(0.5)).isCloseTo(500, within(25.0));
    assertThat(histogram.percentile(0.99)).isCloseTo(990, within(50.0));
    assertThat(new LatencyHistogram().percentile(0.5)).isNaN();
  }

  @Test
  void aLatencyWindowMergesTheSecondsAsked() {
    LatencyWindow window = new LatencyWindow(60);
    long now = 2_000;
    window.record(now - 20, now, 10_000); // before the window
    for (int i = 0; i < 100; i++) {
      window.record(now - 1 - i % 5, now, 20);
    }
    LatencyHistogram last10 = window.merged(now - 10, now);
    assertThat(last10.count()).isEqualTo(100);
    assertThat(last10.percentile(0.99)).isCloseTo(20, within(1.0));
  }

  @Test
  void aScrapedCounterIsSpreadOverTheSecondsBetweenSamplesAndARestartIsABaseline() {
    CounterTracker tracker = new CounterTracker(60);
    tracker.sample(100_000, 50);
    tracker.sample(102_000, 70); // +20 over two seconds
    assertThat(tracker.perSecond().count(101)).isEqualTo(10);
    assertThat(tracker.perSecond().count(102)).isEqualTo(10);
    tracker.sample(104_000, 3); // the process restarted
    assertThat(tracker.perSecond().count(103) + tracker.perSecond().count(104)).isZero();
    assertThat(tracker.total()).isEqualTo(3);
  }

  @Test
  void lagIgnoresTheTransactionMarkerAfterTheLastRecord() {
    // Records 0..9 in one transaction: the end offset is 11 (the marker is 10).
    assertThat(ConsumerLag.of(11, 10, 10)).isZero();
    // The dashboard has not read the partition: the broker's end offset counts.
    assertThat(ConsumerLag.of(11, -1, 4)).isEqualTo(7);
    // The group never committed.
    assertThat(ConsumerLag.of(11, 10, -1)).isEqualTo(10);
    // The dashboard itself is behind: the broker's end offset counts.
    assertThat(ConsumerLag.of(500, 100, 90)).isEqualTo(410);
  }
}
