package dev.onceflow.core.inbox.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StallDetectorTest {

  final StallDetector detector = new StallDetector(Duration.ofMinutes(5));
  final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void growingLagWithNothingHandledIsAStallOnlyAfterTheThreshold() {
    detector.observe(0, 10, t0);
    detector.observe(50, 10, t0.plusSeconds(10));

    assertThat(detector.stalled(t0.plusSeconds(60))).isFalse();
    assertThat(detector.stalled(t0.plusSeconds(10 + 301))).isTrue();
  }

  @Test
  void aHandledBatchEndsTheStall() {
    detector.observe(0, 10, t0);
    detector.observe(50, 10, t0.plusSeconds(10));
    detector.observe(60, 11, t0.plusSeconds(400));

    assertThat(detector.stalled(t0.plusSeconds(400))).isFalse();
    assertThat(detector.growingSince()).isNull();
  }

  @Test
  void aConstantLagOrAnIdleTopicIsNotAStall() {
    // A transaction marker after the last record leaves a lag of 1 forever.
    detector.observe(1, 10, t0);
    detector.observe(1, 10, t0.plusSeconds(3600));
    detector.observe(0, 10, t0.plusSeconds(7200));

    assertThat(detector.stalled(t0.plusSeconds(7200))).isFalse();
  }

  @Test
  void newRecordsAfterALongIdleTimeAreNotAnInstantStall() {
    detector.observe(0, 10, t0);
    detector.observe(0, 10, t0.plusSeconds(86_400));
    detector.observe(5, 10, t0.plusSeconds(86_401));

    assertThat(detector.stalled(t0.plusSeconds(86_402))).isFalse();
  }
}
