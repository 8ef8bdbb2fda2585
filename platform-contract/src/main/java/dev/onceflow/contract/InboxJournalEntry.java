package dev.onceflow.contract;

import java.time.Instant;

/**
 * One consumer's outcome for one delivery of one event, as published to {@link
 * OnceflowTopics#INBOX_JOURNAL} (JSON, key = event id) once the consumer's database transaction has
 * committed. Observability only: a journal entry can be lost (it is sent best effort, after the
 * commit) but never describes something that did not commit.
 *
 * @param eventId the {@code id} header as received (may be invalid for a dead letter)
 * @param consumer the inbox name, e.g. {@code fulfillment}
 * @param outcome what happened
 * @param eventType the {@code eventType} header, when present
 * @param key the record key (the aggregate id, e.g. the order id)
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset ({@code -1} for a replay from the dead-letter store)
 * @param createdAt the event's {@code createdAt} header (outbox write), when present
 * @param receivedAt when the consumer received the record (its batch)
 * @param committedAt when the consumer's transaction committed (for a dead letter: when it was
 *     rejected)
 * @param reason dead-letter reason code with details, else {@code null}
 * @param replay {@code true} when the outcome comes from a replay of a dead letter
 */
public record InboxJournalEntry(
    String eventId,
    String consumer,
    Outcome outcome,
    String eventType,
    String key,
    String topic,
    int partition,
    long offset,
    Instant createdAt,
    Instant receivedAt,
    Instant committedAt,
    String reason,
    boolean replay) {

  /** What a consumer did with an event. */
  public enum Outcome {
    /** Its effect was applied. */
    PROCESSED,
    /** The inbox already held its id: skipped, no effect. */
    DUPLICATE,
    /** It arrived ahead of its predecessor and waits for it (applied later, with it). */
    PARKED,
    /** It was rejected and sent to the dead-letter topic. */
    DEAD_LETTERED
  }
}
