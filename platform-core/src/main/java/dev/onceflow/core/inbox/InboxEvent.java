package dev.onceflow.core.inbox;

import java.time.Instant;
import java.util.UUID;

/**
 * What the inbox needs to know about a decoded event, whatever its payload: the id it deduplicates
 * on, its type and creation time (journal, latency) and the record it came from (parking, dead
 * letters, replay).
 */
public interface InboxEvent {

  /** The event's id, from the {@code id} header: the inbox's deduplication key. */
  UUID eventId();

  /** The event's type, from the {@code eventType} header. */
  String eventType();

  /** When the producer wrote the event to its outbox, or {@code null} if the header was absent. */
  Instant createdAt();

  /** The record as it arrived. */
  EventEnvelope envelope();
}
