package dev.onceflow.dashboard.live;

import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.stats.LatencyHistogram;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The charts' points, one a second (written, published, processed and dead-lettered per second,
 * end-to-end latency), at most {@code window.history} of them. Each snapshot extends it up to two
 * seconds ago, from the other aggregates' per-second rings.
 */
@Singleton
public class ChartHistory {

  private final Deque<Snapshot.Point> points = new ArrayDeque<>();
  private final int capacity;
  private final ServiceCounters services;
  private final KafkaThroughput kafka;
  private final JournalOutcomes journal;
  private final DeadLetterTally deadLetters;
  private final Latencies latencies;
  private long lastPointSecond = Long.MIN_VALUE;

  ChartHistory(
      DashboardConfig config,
      ServiceCounters services,
      KafkaThroughput kafka,
      JournalOutcomes journal,
      DeadLetterTally deadLetters,
      Latencies latencies) {
    this.capacity = (int) Math.max(60, config.window().history().toSeconds());
    this.services = services;
    this.kafka = kafka;
    this.journal = journal;
    this.deadLetters = deadLetters;
    this.latencies = latencies;
  }

  /** The points, oldest first. */
  public synchronized List<Snapshot.Point> points() {
    return List.copyOf(points);
  }

  /**
   * Adds the points up to two seconds before {@code second} and returns the newest (null while
   * there is none). Processed counts come from the journal once it was seen.
   */
  synchronized Snapshot.Point extend(long second, boolean fromJournal) {
    long upTo = second - 2; // late records of the last two seconds still arrive
    // The first points go back one minute (what the backfill may have counted), not to the
    // start of a history the dashboard never saw.
    long from =
        lastPointSecond == Long.MIN_VALUE
            ? upTo - 60
            : Math.max(lastPointSecond + 1, upTo - capacity + 1);
    from = Math.max(from, upTo - Rings.SECONDS + 3);
    Snapshot.Point last = points.peekLast();
    for (long t = from; t <= upTo; t++) {
      LatencyHistogram smoothed = latencies.smoothed(t);
      last =
          new Snapshot.Point(
              t,
              services.written.known() ? services.written.perSecond().count(t) : null,
              kafka.count(t),
              processedIn(t, fromJournal),
              deadLetters.count(t),
              Latencies.nan(smoothed.percentile(0.5)),
              Latencies.nan(smoothed.percentile(0.99)));
      points.addLast(last);
      if (points.size() > capacity) {
        points.removeFirst();
      }
      lastPointSecond = t;
    }
    return last;
  }

  private Double processedIn(long second, boolean fromJournal) {
    if (fromJournal) {
      return journal.processedCount(second);
    }
    return services.inboxProcessed.known()
        ? services.inboxProcessed.perSecond().count(second)
        : null;
  }
}
