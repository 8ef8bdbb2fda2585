package dev.onceflow.dashboard.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The anomalies the audit found: totals per consumer and kind (never reset), the latest few for the
 * screen, and what the alert shows. Bounded: {@code shown} anomalies plus one entry per consumer
 * and kind. Not thread safe; {@link ExactlyOnceAudit} guards it.
 */
final class AnomalyLog {

  /** Totals of one consumer and kind. */
  record Tally(String consumer, Anomaly.Kind kind, long count, Anomaly last) {}

  private final int shown;
  private final Consumer<Anomaly> onAnomaly;
  private final Deque<Anomaly> latest = new ArrayDeque<>();
  private final Map<String, Tally> tallies = new LinkedHashMap<>();

  AnomalyLog(int shown, Consumer<Anomaly> onAnomaly) {
    this.shown = Math.max(1, shown);
    this.onAnomaly = onAnomaly;
  }

  void add(Anomaly anomaly) {
    latest.addFirst(anomaly);
    if (latest.size() > shown) {
      latest.removeLast();
    }
    tallies.merge(
        anomaly.consumer() + "/" + anomaly.kind(),
        new Tally(anomaly.consumer(), anomaly.kind(), 1, anomaly),
        (old, one) -> new Tally(old.consumer(), old.kind(), old.count() + 1, anomaly));
    onAnomaly.accept(anomaly);
  }

  /** The latest anomalies, newest first. */
  List<Anomaly> latest() {
    return List.copyOf(latest);
  }

  /** Every consumer and kind with at least one anomaly. */
  List<Tally> tallies() {
    return List.copyOf(tallies.values());
  }

  long total() {
    return tallies.values().stream().mapToLong(Tally::count).sum();
  }

  /** The tallies whose last anomaly is more recent than {@code window} before {@code now}. */
  List<Tally> recent(Instant now, Duration window) {
    List<Tally> recent = new ArrayList<>();
    for (Tally tally : tallies.values()) {
      if (tally.last().at().isAfter(now.minus(window))) {
        recent.add(tally);
      }
    }
    return recent;
  }
}
