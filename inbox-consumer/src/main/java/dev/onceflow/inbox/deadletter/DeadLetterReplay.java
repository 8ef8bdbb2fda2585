package dev.onceflow.inbox.deadletter;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.inbox.health.InboxMetrics;
import dev.onceflow.core.inbox.journal.InboxJournal;
import dev.onceflow.inbox.fulfillment.ApplyResult;
import dev.onceflow.inbox.fulfillment.FulfillmentApplier;
import dev.onceflow.inbox.messaging.DecodedEvent;
import dev.onceflow.inbox.messaging.EventDecoder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Replays a dead letter through the same path as a Kafka delivery: decode, then the inbox insert
 * and the effect in one transaction. An event whose id the inbox already holds is reported as a
 * duplicate and changes nothing, so a replay can never double-apply, however often it is asked.
 */
@ApplicationScoped
public class DeadLetterReplay {

  private final EventDecoder decoder;
  private final FulfillmentApplier applier;
  private final InboxMetrics metrics;
  private final Clock clock;
  private final String consumer;
  private final InboxJournal journal;

  DeadLetterReplay(
      EventDecoder decoder,
      FulfillmentApplier applier,
      InboxMetrics metrics,
      Clock clock,
      InboxConfig config,
      InboxJournal journal) {
    this.journal = journal;
    this.decoder = decoder;
    this.applier = applier;
    this.metrics = metrics;
    this.clock = clock;
    this.consumer = config.consumerName();
  }

  /**
   * Replays dead letter {@code id}.
   *
   * @throws DeadLetterNotFound if this consumer has no such dead letter
   * @throws dev.onceflow.core.inbox.fault.RejectedEvent if the record still cannot be decoded
   */
  public Replayed replay(long id) {
    java.time.Instant receivedAt = clock.instant();
    Replayed replayed =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  DeadLetter deadLetter = DeadLetter.findById(id, LockModeType.PESSIMISTIC_WRITE);
                  if (deadLetter == null || !consumer.equals(deadLetter.consumer)) {
                    throw new DeadLetterNotFound(id);
                  }
                  EventEnvelope envelope =
                      new EventEnvelope(
                          deadLetter.recordKey,
                          deadLetter.payload,
                          deadLetter.headers == null ? Map.of() : deadLetter.headers,
                          deadLetter.sourceTopic,
                          deadLetter.sourcePartition,
                          deadLetter.sourceOffset);
                  DecodedEvent event = decoder.decode(envelope);
                  ApplyResult result = applier.apply(consumer, List.of(event));
                  ApplyResult.Outcome outcome = result.outcomeOf(event);
                  deadLetter.replayedAt = clock.instant();
                  deadLetter.replayOutcome = outcome.name().toLowerCase();
                  return new Replayed(id, event, outcome, result);
                });
    ApplyResult result = replayed.result;
    metrics.processed(result.applied.size());
    metrics.duplicates(result.duplicates.size());
    metrics.parked(result.parked.size());
    result.applied.forEach(e -> metrics.committed(e.createdAt()));
    java.time.Instant committedAt = clock.instant();
    result.applied.forEach(
        e ->
            journal.record(
                e, InboxJournalEntry.Outcome.PROCESSED, receivedAt, committedAt, null, true));
    result.duplicates.forEach(
        e ->
            journal.record(
                e, InboxJournalEntry.Outcome.DUPLICATE, receivedAt, committedAt, null, true));
    result.parked.forEach(
        e ->
            journal.record(
                e, InboxJournalEntry.Outcome.PARKED, receivedAt, committedAt, null, true));
    return replayed;
  }

  /** The outcome of a replay. */
  public record Replayed(
      long id, DecodedEvent event, ApplyResult.Outcome outcome, ApplyResult result) {}

  /** No dead letter of this consumer has the id. */
  public static class DeadLetterNotFound extends RuntimeException {
    public DeadLetterNotFound(long id) {
      super("no dead letter with id " + id);
    }
  }
}
