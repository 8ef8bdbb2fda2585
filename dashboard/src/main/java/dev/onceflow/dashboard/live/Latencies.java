package dev.onceflow.dashboard.live;

import static dev.onceflow.dashboard.scrape.MetricNames.INBOX_LATENCY;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.scrape.PrometheusText;
import dev.onceflow.dashboard.scrape.ScrapeResult;
import dev.onceflow.dashboard.stats.LatencyHistogram;
import dev.onceflow.dashboard.stats.LatencyWindow;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * Latencies in per-second histograms: publish (outbox write to the Kafka record, from the event's
 * headers) and end to end (outbox write to the consumer's commit, from the journal; replays left
 * out, their write was long ago). Without a journal, the inbox consumer's own summary stands in.
 */
@Singleton
class Latencies {

  private static final int SMOOTHING_SECONDS = 5;

  private final int headlineSeconds;
  private final LatencyWindow endToEnd = new LatencyWindow(Rings.SECONDS);
  private final LatencyWindow publish = new LatencyWindow(Rings.SECONDS);

  Latencies(DashboardConfig config) {
    this.headlineSeconds = Rings.headlineSeconds(config);
  }

  void published(Instant createdAt, Instant publishedAt, long nowSecond) {
    if (createdAt != null) {
      publish.record(publishedAt.getEpochSecond(), nowSecond, millis(createdAt, publishedAt));
    }
  }

  void applied(InboxJournalEntry entry, long nowSecond) {
    if (entry.committedAt() == null
        || entry.outcome() != InboxJournalEntry.Outcome.PROCESSED
        || entry.createdAt() == null
        || entry.replay()) {
      return;
    }
    endToEnd.record(
        entry.committedAt().getEpochSecond(),
        nowSecond,
        millis(entry.createdAt(), entry.committedAt()));
  }

  /**
   * The headline latencies up to {@code second}: from the journal once it was seen (or while the
   * window holds any), else from the inbox consumer's metrics in {@code scraped}.
   */
  Snapshot.Latency headline(long second, boolean journal, ScrapeResult scraped) {
    LatencyHistogram window = endToEnd.merged(second - headlineSeconds, second);
    LatencyHistogram publishWindow = publish.merged(second - headlineSeconds, second);
    if (window.count() > 0 || journal) {
      return new Snapshot.Latency(
          nan(window.percentile(0.5)),
          nan(window.percentile(0.99)),
          window.count(),
          headlineSeconds,
          nan(publishWindow.percentile(0.5)),
          nan(publishWindow.percentile(0.99)),
          "journal");
    }
    PrometheusText inbox = scraped.metrics().get(ScrapeResult.INBOX);
    Double p50 = null;
    Double p99 = null;
    if (inbox != null) {
      p50 = millis(inbox.sum(INBOX_LATENCY, l -> "0.5".equals(l.get("quantile"))));
      p99 = millis(inbox.sum(INBOX_LATENCY, l -> "0.99".equals(l.get("quantile"))));
    }
    return new Snapshot.Latency(
        p50,
        p99,
        0,
        headlineSeconds,
        nan(publishWindow.percentile(0.5)),
        nan(publishWindow.percentile(0.99)),
        "inbox-consumer metrics");
  }

  /** The end-to-end latency of the few seconds up to {@code second}, for one chart point. */
  LatencyHistogram smoothed(long second) {
    return endToEnd.merged(second - SMOOTHING_SECONDS + 1, second + 1);
  }

  static Double nan(double value) {
    return Double.isNaN(value) ? null : value;
  }

  /** A summary quantile in seconds, as milliseconds. */
  private static Double millis(OptionalDouble seconds) {
    return seconds.isPresent() && !Double.isNaN(seconds.getAsDouble())
        ? seconds.getAsDouble() * 1000
        : null;
  }

  private static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }
}
