package dev.onceflow.dashboard.live;

import static dev.onceflow.dashboard.scrape.MetricNames.INBOX_DEAD_LETTERED;
import static dev.onceflow.dashboard.scrape.MetricNames.INBOX_DUPLICATES;
import static dev.onceflow.dashboard.scrape.MetricNames.INBOX_PROCESSED;
import static dev.onceflow.dashboard.scrape.MetricNames.ORDERS_CANCELLED;
import static dev.onceflow.dashboard.scrape.MetricNames.ORDERS_PLACED;
import static dev.onceflow.dashboard.scrape.MetricNames.OUTBOX_WRITTEN;
import static dev.onceflow.dashboard.scrape.MetricNames.RELAY_PUBLISHED;
import static dev.onceflow.dashboard.scrape.MetricNames.RELAY_SLOT_LAG;

import dev.onceflow.dashboard.scrape.PrometheusText;
import dev.onceflow.dashboard.scrape.ScrapeResult;
import dev.onceflow.dashboard.stats.CounterTracker;
import jakarta.inject.Singleton;
import java.util.OptionalDouble;

/**
 * The services' own counters, as each scrape round reads them, turned into per-second rates
 * (restarts tolerated), and the relay's replication-slot lag. A service whose metrics were
 * unreachable makes its counters unknown until it answers again.
 */
@Singleton
class ServiceCounters {

  final CounterTracker orders = new CounterTracker(Rings.SECONDS);
  final CounterTracker written = new CounterTracker(Rings.SECONDS);
  final CounterTracker relayPublished = new CounterTracker(Rings.SECONDS);
  final CounterTracker inboxHandled = new CounterTracker(Rings.SECONDS);
  final CounterTracker inboxProcessed = new CounterTracker(Rings.SECONDS);
  final CounterTracker inboxDuplicates = new CounterTracker(Rings.SECONDS);
  final CounterTracker inboxDeadLettered = new CounterTracker(Rings.SECONDS);
  private volatile Double slotLagBytes;

  void scraped(ScrapeResult result) {
    long at = result.at().toEpochMilli();
    PrometheusText orderMetrics = result.metrics().get(ScrapeResult.ORDER_SERVICE);
    PrometheusText relayMetrics = result.metrics().get(ScrapeResult.RELAY);
    PrometheusText inboxMetrics = result.metrics().get(ScrapeResult.INBOX);
    track(orders, at, orderMetrics, ORDERS_PLACED, ORDERS_CANCELLED);
    track(written, at, orderMetrics, OUTBOX_WRITTEN);
    track(relayPublished, at, relayMetrics, RELAY_PUBLISHED);
    track(inboxHandled, at, inboxMetrics, INBOX_PROCESSED, INBOX_DUPLICATES, INBOX_DEAD_LETTERED);
    track(inboxProcessed, at, inboxMetrics, INBOX_PROCESSED);
    track(inboxDuplicates, at, inboxMetrics, INBOX_DUPLICATES);
    track(inboxDeadLettered, at, inboxMetrics, INBOX_DEAD_LETTERED);
    OptionalDouble lag =
        relayMetrics == null ? OptionalDouble.empty() : relayMetrics.sum(RELAY_SLOT_LAG);
    slotLagBytes = lag.isPresent() && lag.getAsDouble() >= 0 ? lag.getAsDouble() : null;
  }

  /** The relay's replication-slot lag in bytes, null when unknown. */
  Double slotLagBytes() {
    return slotLagBytes;
  }

  /** A counter's total, null while unknown. */
  static Double total(CounterTracker tracker) {
    return tracker.known() ? tracker.total() : null;
  }

  private static void track(
      CounterTracker tracker, long at, PrometheusText metrics, String... names) {
    if (metrics == null) {
      tracker.unreachable();
      return;
    }
    double sum = 0;
    boolean found = false;
    for (String name : names) {
      OptionalDouble value = metrics.sum(name);
      if (value.isPresent()) {
        sum += value.getAsDouble();
        found = true;
      }
    }
    if (found) {
      tracker.sample(at, sum);
    }
  }
}
