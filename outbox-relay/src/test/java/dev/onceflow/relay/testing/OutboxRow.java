package dev.onceflow.relay.testing;

import dev.onceflow.contract.order.OrderEvents;
import java.util.UUID;

/** One outbox row as a test writes it. */
public record OutboxRow(
    UUID id,
    String aggregateType,
    String aggregateId,
    String type,
    String payload,
    long sequence,
    String traceparent) {

  /** An {@code OrderPlaced} event of order {@code orderId}, number {@code sequence} in its life. */
  public static OutboxRow orderEvent(String orderId, long sequence) {
    return new OutboxRow(
        UUID.randomUUID(),
        "order",
        orderId,
        OrderEvents.ORDER_PLACED,
        "{\"orderId\": \"" + orderId + "\", \"sequence\": " + sequence + "}",
        sequence,
        null);
  }
}
