package dev.onceflow.dashboard.journey;

import dev.onceflow.contract.InboxJournalEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the dashboard knows about one event, gathered from the event topic, the inbox journal and
 * the dead-letter topic in whatever order they arrive. Guarded by its {@link JourneyStore}.
 */
final class Journey {

  final String eventId;
  final long seq;
  String orderId;
  String eventType;
  String topic;
  int partition = -1;
  long offset = -1;

  /** The business time in the payload: {@code placedAt} or {@code cancelledAt}. */
  Instant requestedAt;

  /** The {@code createdAt} header: the outbox row's insert, inside the business transaction. */
  Instant createdAt;

  /** The {@code committedAt} header: the source transaction's commit, when the relay sends it. */
  Instant committedAt;

  /** The Kafka record's timestamp: when the relay produced it. */
  Instant publishedAt;

  final List<InboxJournalEntry> outcomes = new ArrayList<>(2);
  String deadLetterReason;
  Instant deadLetteredAt;
  Instant updatedAt;

  Journey(String eventId, long seq) {
    this.eventId = eventId;
    this.seq = seq;
  }

  /** The outcome that sums the journey up, as the live list shows it. */
  Status status() {
    Status best = publishedAt != null ? Status.PUBLISHED : Status.SEEN;
    for (InboxJournalEntry entry : outcomes) {
      Status s =
          switch (entry.outcome()) {
            case PROCESSED -> Status.PROCESSED;
            case DUPLICATE -> Status.DUPLICATE;
            case PARKED -> Status.PARKED;
            case DEAD_LETTERED -> Status.DEAD_LETTERED;
          };
      if (s.rank > best.rank) {
        best = s;
      }
    }
    if (deadLetterReason != null && Status.DEAD_LETTERED.rank > best.rank) {
      best = Status.DEAD_LETTERED;
    }
    return best;
  }

  /** The first receipt by the consumer, if any. */
  InboxJournalEntry firstOutcome() {
    return outcomes.isEmpty() ? null : outcomes.get(0);
  }

  /** Journey states, ranked: a later, more final state wins the summary. */
  enum Status {
    SEEN(0),
    PUBLISHED(1),
    DUPLICATE(2),
    PARKED(3),
    DEAD_LETTERED(4),
    PROCESSED(5);

    final int rank;

    Status(int rank) {
      this.rank = rank;
    }
  }
}
