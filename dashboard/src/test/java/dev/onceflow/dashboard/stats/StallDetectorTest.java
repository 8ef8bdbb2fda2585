package dev.onceflow.dashboard.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.dashboard.stats.StallDetector.Progress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A stage is stalled when its output stands still while work for it keeps arriving. */
class StallDetectorTest {

  static final Duration STALL_AFTER = Duration.ofSeconds(20);
  static final Duration SCRAPE = Duration.ofSeconds(2);

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  final StallDetector detector = new StallDetector(clock, STALL_AFTER);

  @Test
  void aStageWhoseInputGrowsWhileItsOutputStandsStillIsAlertedWithin30Seconds() {
    detector.observe("inbox-consumer", "events", new Progress(100d, 100d, 0d));
    double input = 100;
    Duration waited = Duration.ZERO;
    // The consumer stops; events keep arriving; the dashboard looks every 2 s.
    while (detector.stalls().isEmpty() && waited.compareTo(Duration.ofMinutes(1)) < 0) {
      clock.advance(SCRAPE);
      waited = waited.plus(SCRAPE);
      input += 50;
      detector.observe("inbox-consumer", "events", new Progress(input, 100d, input - 100));
    }
    assertThat(waited).isLessThanOrEqualTo(Duration.ofSeconds(30));
    assertThat(detector.stalls())
        .singleElement()
        .satisfies(
            stall -> {
              assertThat(stall.stage()).isEqualTo("inbox-consumer");
              assertThat(stall.since()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
              assertThat(stall.message())
                  .contains("has not finished any events for 20 s")
                  .contains("500 new events arrived")
                  .contains("backlog grew to 500");
            });
  }

  @Test
  void progressClearsTheAlert() {
    detector.observe("relay", "events", new Progress(0d, 0d, null));
    clock.advance(Duration.ofSeconds(25));
    assertThat(detector.observe("relay", "events", new Progress(10d, 0d, null))).isPresent();

    clock.advance(SCRAPE);
    assertThat(detector.observe("relay", "events", new Progress(12d, 12d, null))).isEmpty();
    assertThat(detector.stalls()).isEmpty();
  }

  @Test
  void anIdleStageIsNeverStalled() {
    detector.observe("relay", "events", new Progress(42d, 42d, null));
    clock.advance(Duration.ofHours(1));
    assertThat(detector.observe("relay", "events", new Progress(42d, 42d, null))).isEmpty();
  }

  @Test
  void aConstantBacklogWithoutNewInputIsNoStall() {
    // A consumer group's lag counts the transaction marker after the last record: it stays at 1.
    detector.observe("inbox-consumer", "events", new Progress(7d, 7d, 1d));
    clock.advance(Duration.ofMinutes(5));
    assertThat(detector.observe("inbox-consumer", "events", new Progress(7d, 7d, 1d))).isEmpty();
  }

  @Test
  void notYetStalledBeforeTheThreshold() {
    detector.observe("relay", "events", new Progress(0d, 0d, null));
    clock.advance(STALL_AFTER.minusSeconds(1));
    assertThat(detector.observe("relay", "events", new Progress(500d, 0d, null))).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(detector.observe("relay", "events", new Progress(510d, 0d, null))).isPresent();
  }

  @Test
  void anUnreachableStageWhoseInputGrowsIsStalledAndARestartIsABaselineNotAStall() {
    detector.observe("inbox-consumer", "events", new Progress(10d, 10d, null));
    clock.advance(Duration.ofSeconds(30));
    // Its metrics cannot be read (the process is gone): output unknown, input still growing.
    assertThat(detector.observe("inbox-consumer", "events", new Progress(60d, null, null)))
        .isPresent();
    // It comes back with its counters at zero: that is movement, not a stall.
    clock.advance(SCRAPE);
    assertThat(detector.observe("inbox-consumer", "events", new Progress(62d, 0d, null))).isEmpty();
  }

  @Test
  void stagesAreIndependent() {
    detector.observe("relay", "events", new Progress(0d, 0d, null));
    detector.observe("inbox-consumer", "events", new Progress(0d, 0d, null));
    clock.advance(Duration.ofSeconds(21));
    detector.observe("relay", "events", new Progress(5d, 0d, null));
    detector.observe("inbox-consumer", "events", new Progress(5d, 5d, null));
    assertThat(detector.stalls()).extracting(StallDetector.Stall::stage).containsExactly("relay");
  }
}
