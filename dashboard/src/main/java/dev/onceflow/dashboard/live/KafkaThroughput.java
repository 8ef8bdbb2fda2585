package dev.onceflow.dashboard.live;

import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.stats.PerSecondCounter;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event records read from the event topics ({@code read_committed}): how many in all, and per
 * second (in all and per topic) by the record's publish time.
 */
@Singleton
class KafkaThroughput {

  private final int headlineSeconds;
  private final PerSecondCounter published = new PerSecondCounter(Rings.SECONDS);
  private final ConcurrentMap<String, PerSecondCounter> topicRates = new ConcurrentHashMap<>();
  private final AtomicLong eventsRead = new AtomicLong();

  KafkaThroughput(DashboardConfig config) {
    this.headlineSeconds = Rings.headlineSeconds(config);
  }

  void read(String topic, Instant publishedAt, long nowSecond) {
    eventsRead.incrementAndGet();
    published.add(publishedAt.getEpochSecond(), nowSecond, 1);
    topicRates
        .computeIfAbsent(topic, t -> new PerSecondCounter(Rings.SECONDS))
        .add(publishedAt.getEpochSecond(), nowSecond, 1);
  }

  long eventsRead() {
    return eventsRead.get();
  }

  /** Events per second over the headline window ending at {@code second}. */
  double rate(long second) {
    return published.rate(second, headlineSeconds);
  }

  /** Events published in {@code second}. */
  double count(long second) {
    return published.count(second);
  }

  /** Events per second of one topic over the headline window; 0 for a topic never read. */
  double topicRate(String topic, long second) {
    PerSecondCounter rate = topicRates.get(topic);
    return rate == null ? 0 : rate.rate(second, headlineSeconds);
  }
}
