package dev.onceflow.benchmarks.outage;

import dev.onceflow.benchmarks.platform.EventTap.Arrival;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * What happened around a relay outage, computed from what was recorded (no platform needed): the
 * slot's lag over time, when the restarted relay caught up, and whether every written event arrived
 * exactly once.
 */
final class OutageTimeline {

  /**
   * The relay's slot at one instant.
   *
   * @param lagBytes {@code pg_current_wal_lsn() - confirmed_flush_lsn}: WAL the relay has not
   *     confirmed
   * @param retainedBytes {@code pg_current_wal_lsn() - restart_lsn}: WAL the slot keeps from
   *     removal
   * @param walDirectoryBytes the size of {@code pg_wal}
   */
  record SlotSample(
      long atMs, long lagBytes, long retainedBytes, boolean active, long walDirectoryBytes) {}

  /**
   * The restarted relay's catch-up.
   *
   * @param firstEventAtMs append time of the first event after the restart
   * @param caughtUpAtMs append time of the first event after the restart with a lag under the limit
   * @param backlog events committed before the restart and appended after it
   * @param events events appended from the restart until caught up (the backlog and what was
   *     written meanwhile)
   */
  record CatchUp(long firstEventAtMs, long caughtUpAtMs, long backlog, long events) {

    /** Events per second from the first event after the restart until caught up. */
    double eventsPerSecond() {
      long millis = caughtUpAtMs - firstEventAtMs;
      return millis <= 0 ? Double.NaN : events * 1000.0 / millis;
    }
  }

  /**
   * Exactly-once audit: written events missing, read more than once, and read but never written.
   */
  record Audit(long written, long read, long lost, long duplicates, long phantoms) {}

  private OutageTimeline() {}

  /**
   * The catch-up after a restart at {@code restartedAtMs}: ends at the first event appended after
   * it whose end-to-end lag (append time - {@code created_at}) is under {@code lagLimitMs}. The
   * slot streams in commit order, so the lag falls steadily through the backlog; the first event
   * under the limit is where the relay publishes as fast as it is written again.
   */
  static CatchUp catchUp(List<Arrival> arrivals, long restartedAtMs, long lagLimitMs) {
    List<Arrival> after =
        arrivals.stream()
            .filter(a -> a.appendedAtMs() >= restartedAtMs)
            .sorted(Comparator.comparingLong(Arrival::appendedAtMs))
            .toList();
    if (after.isEmpty()) {
      throw new IllegalStateException("no event was appended after the restart");
    }
    Arrival caughtUp =
        after.stream()
            .filter(a -> a.lagMs() < lagLimitMs)
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("the relay never got under " + lagLimitMs + " ms"));
    long backlog = after.stream().filter(a -> a.createdAtMs() < restartedAtMs).count();
    long events = after.stream().filter(a -> a.appendedAtMs() <= caughtUp.appendedAtMs()).count();
    return new CatchUp(after.get(0).appendedAtMs(), caughtUp.appendedAtMs(), backlog, events);
  }

  /** The largest slot lag sampled in [{@code fromMs}, {@code toMs}]. */
  static long maxLag(List<SlotSample> samples, long fromMs, long toMs) {
    return within(samples, fromMs, toMs).stream().mapToLong(SlotSample::lagBytes).max().orElse(0);
  }

  /** The largest retained WAL sampled in [{@code fromMs}, {@code toMs}]. */
  static long maxRetained(List<SlotSample> samples, long fromMs, long toMs) {
    return within(samples, fromMs, toMs).stream()
        .mapToLong(SlotSample::retainedBytes)
        .max()
        .orElse(0);
  }

  /**
   * The first sample at or after {@code fromMs} whose lag is at most {@code bytes}: when the slot
   * is back where it sits in steady operation.
   */
  static OptionalLong firstLagAtMost(List<SlotSample> samples, long fromMs, long bytes) {
    return samples.stream()
        .filter(s -> s.atMs() >= fromMs && s.lagBytes() <= bytes)
        .mapToLong(SlotSample::atMs)
        .findFirst();
  }

  /** Every written event (by order id, one event per order) against what was read. */
  static Audit audit(Collection<String> writtenKeys, List<Arrival> arrivals) {
    Map<UUID, Integer> byId = new HashMap<>();
    Set<String> keys = new HashSet<>();
    for (Arrival arrival : arrivals) {
      byId.merge(arrival.id(), 1, Integer::sum);
      keys.add(arrival.key());
    }
    Set<String> written = new HashSet<>(writtenKeys);
    long lost = written.stream().filter(key -> !keys.contains(key)).count();
    long duplicates = byId.values().stream().mapToLong(count -> count - 1).sum();
    long phantoms = keys.stream().filter(key -> !written.contains(key)).count();
    return new Audit(written.size(), arrivals.size(), lost, duplicates, phantoms);
  }

  private static List<SlotSample> within(List<SlotSample> samples, long fromMs, long toMs) {
    List<SlotSample> in = new ArrayList<>();
    for (SlotSample sample : samples) {
      if (sample.atMs() >= fromMs && sample.atMs() <= toMs) {
        in.add(sample);
      }
    }
    return in;
  }
}
