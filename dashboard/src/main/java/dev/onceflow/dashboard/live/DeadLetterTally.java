package dev.onceflow.dashboard.live;

import dev.onceflow.dashboard.journey.JourneyView;
import dev.onceflow.dashboard.stats.PerSecondCounter;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records read from the dead-letter topic: how many, by reason code (never the detail, which may
 * quote the payload), and per second.
 */
@Singleton
class DeadLetterTally {

  private final PerSecondCounter deadLetters = new PerSecondCounter(Rings.SECONDS);
  private final AtomicLong read = new AtomicLong();
  private final ConcurrentMap<String, AtomicLong> reasons = new ConcurrentHashMap<>();

  void read(String reason, Instant at, long nowSecond) {
    read.incrementAndGet();
    String code = reason == null ? "unknown" : JourneyView.reasonCode(reason);
    reasons.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
    deadLetters.add(at.getEpochSecond(), nowSecond, 1);
  }

  /** Dead letters in {@code second}. */
  double count(long second) {
    return deadLetters.count(second);
  }

  /** Dead letters in the minute up to and including {@code second}. */
  double lastMinute(long second) {
    return deadLetters.rate(second + 1, 60) * 60;
  }

  Snapshot.DeadLetters view() {
    Map<String, Long> byReason = new TreeMap<>();
    reasons.forEach((reason, count) -> byReason.put(reason, count.get()));
    return new Snapshot.DeadLetters(read.get(), byReason);
  }
}
