package dev.onceflow.core.inbox;

import java.time.Instant;
import java.util.UUID;

/**
 * An event that passed decoding and validation, as an {@link InboxHandler} receives it.
 *
 * @param eventId the {@code id} header: the inbox's deduplication key
 * @param eventType the {@code eventType} header
 * @param schemaVersion the {@code schemaVersion} header
 * @param aggregateId the aggregate it belongs to ({@link InboxHandler.Decoded#aggregateId()})
 * @param sequence its position in that aggregate, from 1
 * @param payload the business event the handler decoded
 * @param createdAt when the producer wrote it to its outbox, if the header was present
 * @param traceparent W3C trace context of the producing transaction, if present and well formed
 * @param envelope the record as it arrived (kept for parking, dead letters and replay)
 * @param <T> the payload type
 */
public record ConsumedEvent<T>(
    UUID eventId,
    String eventType,
    int schemaVersion,
    String aggregateId,
    long sequence,
    T payload,
    Instant createdAt,
    String traceparent,
    EventEnvelope envelope)
    implements InboxEvent {}
