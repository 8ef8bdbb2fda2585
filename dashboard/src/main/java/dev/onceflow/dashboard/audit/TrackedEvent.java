package dev.onceflow.dashboard.audit;

import dev.onceflow.contract.InboxJournalEntry;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the audit knows about one event id, kept small (a few hundred bytes with its id): it is held
 * for up to {@code max-events} events. Guarded by its {@link Reconciler}.
 */
final class TrackedEvent {

  /** What one consumer did with the event; a consumer list of one or two, linked. */
  static final class ByConsumer {
    final String name;
    ByConsumer next;

    /** Distinct applications (PROCESSED entries); the first and the last are remembered. */
    int applications;

    long firstCommitted = Long.MIN_VALUE;
    long lastCommitted = Long.MIN_VALUE;
    long firstOffset;
    long lastOffset;

    /** It answered DUPLICATE (applied before) or dead-lettered it: handled, not stuck. */
    boolean handled;

    ByConsumer(String name) {
      this.name = name;
    }

    /**
     * Counts an application, unless it is the first or the last one again: the journal is produced
     * at least once, so the same entry twice is one application. Returns whether it counted.
     */
    boolean applied(InboxJournalEntry entry) {
      long committed = entry.committedAt() == null ? 0 : entry.committedAt().toEpochMilli();
      if (applications > 0
          && ((committed == firstCommitted && entry.offset() == firstOffset)
              || (committed == lastCommitted && entry.offset() == lastOffset))) {
        return false;
      }
      if (applications == 0) {
        firstCommitted = committed;
        firstOffset = entry.offset();
      }
      lastCommitted = committed;
      lastOffset = entry.offset();
      applications++;
      return true;
    }
  }

  final String eventId;
  String topic;
  int partition = -1;
  long offset = -1;
  String aggregateId;
  Long sequence;

  /** When the audit read it on Kafka (its clock); null when known from the journal only. */
  Instant publishedAt;

  private ByConsumer consumers;
  final Set<Anomaly.Kind> anomalies = EnumSet.noneOf(Anomaly.Kind.class);

  TrackedEvent(String eventId) {
    this.eventId = eventId;
  }

  ByConsumer consumer(String name) {
    for (ByConsumer by = consumers; by != null; by = by.next) {
      if (by.name.equals(name)) {
        return by;
      }
    }
    ByConsumer by = new ByConsumer(name);
    by.next = consumers;
    consumers = by;
    return by;
  }

  private ByConsumer find(String name) {
    for (ByConsumer by = consumers; by != null; by = by.next) {
      if (by.name.equals(name)) {
        return by;
      }
    }
    return null;
  }

  /** Whether {@code consumer} applied it, or handled it in a way that is not a stall. */
  boolean handledBy(String consumer) {
    ByConsumer by = find(consumer);
    return by != null && (by.handled || by.applications > 0);
  }

  int applications(String consumer) {
    ByConsumer by = find(consumer);
    return by == null ? 0 : by.applications;
  }

  /** The aggregate as the audit names it ({@code topic/id}), or null. */
  String aggregate() {
    return aggregateId == null ? null : AggregateSequences.key(topic, aggregateId);
  }

  String where() {
    return topic + "-" + partition + "@" + offset;
  }

  Instant firstCommitted(String consumer) {
    ByConsumer by = find(consumer);
    return by == null ? null : Instant.ofEpochMilli(by.firstCommitted);
  }
}
