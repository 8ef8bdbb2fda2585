package dev.onceflow.dashboard.audit;

import dev.onceflow.core.contract.InboxJournalEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the audit knows about one event id. Guarded by its {@link Reconciler}. */
final class TrackedEvent {

  /** What one consumer did with the event. */
  static final class ByConsumer {
    /** Distinct PROCESSED journal entries (the journal is produced at least once: equal = one). */
    final List<InboxJournalEntry> applications = new ArrayList<>(1);

    /** It answered DUPLICATE (applied before) or dead-lettered it: handled, not stuck. */
    boolean handled;
  }

  final String eventId;
  String topic;
  int partition = -1;
  long offset = -1;
  String aggregate;
  Long sequence;

  /** When the audit read it on Kafka (its clock); null when known from the journal only. */
  Instant publishedAt;

  /** Published after the audit started, so whether it was applied in time can be judged. */
  boolean judged;

  final Map<String, ByConsumer> consumers = new HashMap<>(2);
  final Set<Anomaly.Kind> anomalies = EnumSet.noneOf(Anomaly.Kind.class);

  TrackedEvent(String eventId) {
    this.eventId = eventId;
  }

  ByConsumer consumer(String name) {
    return consumers.computeIfAbsent(name, n -> new ByConsumer());
  }

  /** Whether {@code consumer} applied it, or handled it in a way that is not a stall. */
  boolean handledBy(String consumer) {
    ByConsumer by = consumers.get(consumer);
    return by != null && (by.handled || !by.applications.isEmpty());
  }

  int applications(String consumer) {
    ByConsumer by = consumers.get(consumer);
    return by == null ? 0 : by.applications.size();
  }

  String where() {
    return topic + "-" + partition + "@" + offset;
  }
}
