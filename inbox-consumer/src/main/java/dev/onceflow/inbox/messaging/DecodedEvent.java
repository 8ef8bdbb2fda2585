package dev.onceflow.inbox.messaging;

import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.InboxEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * An order event that passed decoding and validation, with what the consumer needs to deduplicate
 * ({@link #eventId}), order ({@link #orderId}, {@link #sequence}), trace and measure it.
 *
 * @param payload an {@link OrderPlaced} or an {@link OrderCancelled}
 * @param createdAt when the producer wrote the event to its outbox, if the header was present
 * @param traceparent W3C trace context of the producing transaction, if any
 */
public record DecodedEvent(
    UUID eventId,
    String eventType,
    int schemaVersion,
    String orderId,
    String customerId,
    long sequence,
    Object payload,
    Instant createdAt,
    String traceparent,
    EventEnvelope envelope)
    implements InboxEvent {

  public boolean isPlaced() {
    return payload instanceof OrderPlaced;
  }

  public OrderPlaced placed() {
    return (OrderPlaced) payload;
  }

  public OrderCancelled cancelled() {
    return (OrderCancelled) payload;
  }
}
