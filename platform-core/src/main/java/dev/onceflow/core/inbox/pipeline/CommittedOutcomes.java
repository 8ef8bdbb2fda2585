package dev.onceflow.core.inbox.pipeline;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.inbox.health.InboxMetrics;
import dev.onceflow.core.inbox.journal.InboxJournal;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Tells the metrics and the journal what a transaction did, once it has committed: nothing is
 * counted or journalled that a rollback could still undo.
 */
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class CommittedOutcomes {

  private final InboxMetrics metrics;
  private final InboxJournal journal;
  private final Clock clock;

  CommittedOutcomes(InboxMetrics metrics, InboxJournal journal, Clock clock) {
    this.metrics = metrics;
    this.journal = journal;
    this.clock = clock;
  }

  /**
   * Reports {@code result}, whose records were received at {@code receivedAt}; {@code replay} when
   * it comes from a dead letter's replay rather than from Kafka.
   */
  public void report(ApplyResult<?> result, Instant receivedAt, boolean replay) {
    metrics.processed(result.applied.size());
    metrics.duplicates(result.duplicates.size());
    metrics.parked(result.parked.size());
    for (ConsumedEvent<?> event : result.applied) {
      metrics.committed(event.createdAt());
    }
    Instant committedAt = clock.instant();
    journal(result.applied, InboxJournalEntry.Outcome.PROCESSED, receivedAt, committedAt, replay);
    journal(
        result.duplicates, InboxJournalEntry.Outcome.DUPLICATE, receivedAt, committedAt, replay);
    journal(result.parked, InboxJournalEntry.Outcome.PARKED, receivedAt, committedAt, replay);
  }

  private void journal(
      List<? extends ConsumedEvent<?>> events,
      InboxJournalEntry.Outcome outcome,
      Instant receivedAt,
      Instant committedAt,
      boolean replay) {
    for (ConsumedEvent<?> event : events) {
      journal.record(event, outcome, receivedAt, committedAt, null, replay);
    }
  }
}
