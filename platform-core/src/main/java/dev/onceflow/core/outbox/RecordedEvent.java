package dev.onceflow.core.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * What {@link Outbox#record} wrote: the event's id (the consumers' deduplication key), its type and
 * the instant it was created.
 */
public record RecordedEvent(UUID eventId, String eventType, Instant createdAt) {}
