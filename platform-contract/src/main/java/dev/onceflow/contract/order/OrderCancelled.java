package dev.onceflow.contract.order;

import dev.onceflow.contract.Violations;
import java.time.Instant;
import java.util.List;

/** A placed order was cancelled; it follows the order's {@link OrderPlaced}. */
public record OrderCancelled(
    String orderId, String customerId, String reason, Instant cancelledAt, long sequence)
    implements OrderEvent {

  @Override
  public String eventType() {
    return OrderEvents.ORDER_CANCELLED;
  }

  @Override
  public List<String> violations() {
    return new Violations()
        .required("orderId", orderId)
        .required("customerId", customerId)
        .required("cancelledAt", cancelledAt)
        .check(sequence >= 2, "sequence of OrderCancelled must be 2 or more, was " + sequence)
        .messages();
  }
}
