package dev.onceflow.contract.order;

import dev.onceflow.contract.OutboxEvent;
import java.time.Instant;

/** A placed order was cancelled; it follows the order's {@link OrderPlaced}. */
public record OrderCancelled(
    String orderId, String customerId, String reason, Instant cancelledAt, long sequence)
    implements OutboxEvent {

  @Override
  public String aggregateType() {
    return OrderEvents.AGGREGATE_TYPE;
  }

  @Override
  public String aggregateId() {
    return orderId;
  }

  @Override
  public long aggregateSequence() {
    return sequence;
  }

  @Override
  public String eventType() {
    return OrderEvents.ORDER_CANCELLED;
  }
}
