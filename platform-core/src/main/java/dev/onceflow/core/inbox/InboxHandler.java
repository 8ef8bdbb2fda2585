package dev.onceflow.core.inbox;

import java.util.List;

/**
 * A consumer's business, and all of it: how to read an event's payload, and what applying a batch
 * of events changes in the service's own tables. The library does the rest around it: the inbox
 * insert (one effect per event id), the per-aggregate order (events ahead of their predecessor are
 * parked and released in sequence), retries of transient failures, dead letters with their reason,
 * replay, the journal, metrics and health.
 *
 * <p>Exactly one bean of this type switches the inbox on, together with {@code
 * onceflow.inbox.enabled=true} ({@link InboxConfig#enabled()}).
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>{@link #decode} is pure (no I/O, no database): it runs before the transaction, so a record
 *       that can never be applied is dead-lettered without a rollback. It throws a {@link
 *       dev.onceflow.core.inbox.fault.RejectedEvent} subclass saying why ({@link
 *       dev.onceflow.core.inbox.fault.UnknownEventType}, {@link
 *       dev.onceflow.core.inbox.fault.MalformedEvent}, {@link
 *       dev.onceflow.core.inbox.fault.InvalidEvent}).
 *   <li>{@link #apply} runs inside the transaction the library opens, after the inbox insert and in
 *       the same connection: what it writes commits with the inbox entries or not at all. It may
 *       record outbox events ({@link dev.onceflow.core.outbox.Outbox#record}) in that transaction,
 *       which makes consume → effect → produce atomic. It must not commit, roll back or open
 *       another transaction, and must not talk to Kafka.
 *   <li>An exception from {@link #apply} that {@link
 *       dev.onceflow.core.inbox.fault.TransientFailures} classifies as transient (database down,
 *       deadlock, serialization failure) retries the whole batch without limit; any other splits
 *       the batch and dead-letters ({@code processing-failed}) only the event that fails alone.
 * </ul>
 *
 * @param <T> the decoded payload type (a sealed interface or {@code Object} when the topic carries
 *     several event types)
 */
public interface InboxHandler<T> {

  /**
   * Reads and validates one record's payload.
   *
   * @param eventType the {@code eventType} header (never blank)
   * @param schemaVersion the {@code schemaVersion} header, one of {@code
   *     onceflow.inbox.supported-schema-versions}
   * @param envelope the record as it arrived: its value is the payload
   * @return the payload with the aggregate it belongs to and its sequence in that aggregate
   * @throws dev.onceflow.core.inbox.fault.RejectedEvent if the record can never be applied
   */
  Decoded<T> decode(String eventType, int schemaVersion, EventEnvelope envelope);

  /**
   * Applies the effects of {@code events} inside the inbox transaction. Every event is new to this
   * consumer and next in its aggregate: the list is in application order (one aggregate's events by
   * ascending sequence), so a handler may work set-based, a handful of statements per batch.
   */
  void apply(List<ConsumedEvent<T>> events);

  /**
   * A decoded payload and its place in its aggregate's history.
   *
   * @param aggregateId the aggregate (e.g. the order id); must equal the record key when there is
   *     one, since one key is one partition is one ordered pipeline
   * @param sequence the event's position in the aggregate's history, from 1; the {@code
   *     aggregateSequence} header, when present, must agree
   * @param payload the business event
   */
  record Decoded<T>(String aggregateId, long sequence, T payload) {}
}
