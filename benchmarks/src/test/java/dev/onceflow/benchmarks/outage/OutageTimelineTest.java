package dev.onceflow.benchmarks.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.benchmarks.outage.OutageTimeline.Audit;
import dev.onceflow.benchmarks.outage.OutageTimeline.CatchUp;
import dev.onceflow.benchmarks.outage.OutageTimeline.SlotSample;
import dev.onceflow.benchmarks.platform.EventTap.Arrival;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pure logic: slot lag, catch-up detection and the audit, on timelines built by hand. */
class OutageTimelineTest {

  private static final long RESTART = 100_000;

  @Test
  void catchUpEndsAtTheFirstEventUnderTheLagLimitAfterTheRestart() {
    List<Arrival> arrivals =
        List.of(
            // Before the kill: caught up, not part of the catch-up.
            arrival("a", 10_000, 10_050),
            // The backlog, written before the restart, appended after it.
            arrival("b", 50_000, 106_000),
            arrival("c", 80_000, 106_500),
            arrival("d", 99_000, 107_000),
            // Written during the catch-up, still late.
            arrival("e", 103_000, 107_500),
            // Under the limit: caught up here.
            arrival("f", 107_400, 108_000),
            arrival("g", 109_000, 109_100));

    CatchUp catchUp = OutageTimeline.catchUp(arrivals, RESTART, 1000);

    assertThat(catchUp.firstEventAtMs()).isEqualTo(106_000);
    assertThat(catchUp.caughtUpAtMs()).isEqualTo(108_000);
    assertThat(catchUp.backlog()).isEqualTo(3);
    assertThat(catchUp.events()).isEqualTo(5);
    // 5 events from 106.0 s to 108.0 s.
    assertThat(catchUp.eventsPerSecond()).isEqualTo(2.5);
  }

  @Test
  void catchUpOrdersArrivalsByAppendTimeWhateverTheReadOrder() {
    List<Arrival> arrivals =
        List.of(
            arrival("y", 99_500, 100_400),
            arrival("x", 90_000, 102_000),
            arrival("z", 99_000, 101_000));

    CatchUp catchUp = OutageTimeline.catchUp(arrivals, RESTART, 1000);

    assertThat(catchUp.firstEventAtMs()).isEqualTo(100_400);
    assertThat(catchUp.caughtUpAtMs()).isEqualTo(100_400);
    assertThat(catchUp.events()).isEqualTo(1);
    assertThat(catchUp.eventsPerSecond()).isNaN();
  }

  @Test
  void aRelayThatNeverCatchesUpIsAnError() {
    assertThatThrownBy(
            () -> OutageTimeline.catchUp(List.of(arrival("a", 1_000, 105_000)), RESTART, 1000))
        .hasMessageContaining("never got under 1000 ms");
    assertThatThrownBy(
            () -> OutageTimeline.catchUp(List.of(arrival("a", 1_000, 2_000)), RESTART, 1000))
        .hasMessageContaining("no event was appended after the restart");
  }

  @Test
  void slotLagAndRetainedWalAreTheLargestSamplesInTheInterval() {
    List<SlotSample> samples =
        List.of(
            new SlotSample(1_000, 300_000, 900_000, true, 0),
            new SlotSample(2_000, 5_000_000, 6_000_000, false, 0),
            new SlotSample(3_000, 9_000_000, 9_500_000, false, 0),
            new SlotSample(4_000, 200_000, 400_000, true, 0),
            new SlotSample(5_000, 100_000, 300_000, true, 0));

    assertThat(OutageTimeline.maxLag(samples, 1_500, 3_500)).isEqualTo(9_000_000);
    assertThat(OutageTimeline.maxRetained(samples, 1_500, 3_500)).isEqualTo(9_500_000);
    assertThat(OutageTimeline.maxLag(samples, 6_000, 7_000)).isZero();
    // Back at the steady lag from the sample at 4 s on.
    assertThat(OutageTimeline.firstLagAtMost(samples, 3_000, 300_000)).hasValue(4_000);
    assertThat(OutageTimeline.firstLagAtMost(samples, 3_000, 50_000)).isEmpty();
  }

  @Test
  void auditCountsLostDuplicatedAndUnexplainedEvents() {
    UUID twice = UUID.randomUUID();
    List<Arrival> arrivals =
        List.of(
            new Arrival(twice, "order-1", 1, 0),
            new Arrival(twice, "order-1", 2, 0),
            new Arrival(UUID.randomUUID(), "order-2", 3, 0),
            new Arrival(UUID.randomUUID(), "order-9", 4, 0));

    Audit audit = OutageTimeline.audit(List.of("order-1", "order-2", "order-3"), arrivals);

    assertThat(audit).isEqualTo(new Audit(3, 4, 1, 1, 1));
    Audit clean =
        OutageTimeline.audit(
            List.of("order-2"), List.of(new Arrival(UUID.randomUUID(), "order-2", 1, 0)));
    assertThat(clean.lost()).isZero();
    assertThat(clean.duplicates()).isZero();
  }

  private static Arrival arrival(String key, long createdAtMs, long appendedAtMs) {
    return new Arrival(UUID.randomUUID(), key, appendedAtMs, createdAtMs);
  }
}
