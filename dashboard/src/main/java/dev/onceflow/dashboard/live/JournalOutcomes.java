package dev.onceflow.dashboard.live;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.stats.PerSecondCounter;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumers' outcomes read from the inbox journal, per second by commit time: everything
 * handled, and what was processed (an effect applied). Once any entry arrived, the journal is the
 * source of the inbox's and the effect's rates when the consumer's metrics are unreachable.
 */
@Singleton
class JournalOutcomes {

  private final int headlineSeconds;
  private final PerSecondCounter handled = new PerSecondCounter(Rings.SECONDS);
  private final PerSecondCounter processed = new PerSecondCounter(Rings.SECONDS);
  private final AtomicLong entriesRead = new AtomicLong();

  JournalOutcomes(DashboardConfig config) {
    this.headlineSeconds = Rings.headlineSeconds(config);
  }

  void read(InboxJournalEntry entry, long nowSecond) {
    entriesRead.incrementAndGet();
    if (entry.committedAt() == null) {
      return;
    }
    long second = entry.committedAt().getEpochSecond();
    handled.add(second, nowSecond, 1);
    if (entry.outcome() == InboxJournalEntry.Outcome.PROCESSED) {
      processed.add(second, nowSecond, 1);
    }
  }

  /** Whether any journal entry was read. */
  boolean seen() {
    return entriesRead.get() > 0;
  }

  double handledRate(long second) {
    return handled.rate(second, headlineSeconds);
  }

  double processedRate(long second) {
    return processed.rate(second, headlineSeconds);
  }

  /** Effects applied in {@code second}. */
  double processedCount(long second) {
    return processed.count(second);
  }
}
