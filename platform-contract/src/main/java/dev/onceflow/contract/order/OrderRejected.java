package dev.onceflow.contract.order;

import dev.onceflow.contract.Violations;
import java.time.Instant;
import java.util.List;

/**
 * A placed order's payment was declined, for {@code reason} (the payment's decline reason), so the
 * order is rejected and never shipped. An order is decided once, from {@code PLACED}, so this is
 * always its sequence 2, and its last event.
 */
public record OrderRejected(
    String orderId, String customerId, String reason, Instant rejectedAt, long sequence)
    implements OrderEvent {

  @Override
  public String eventType() {
    return OrderEvents.ORDER_REJECTED;
  }

  @Override
  public List<String> violations() {
    return new Violations()
        .required("orderId", orderId)
        .required("customerId", customerId)
        .required("reason", reason)
        .required("rejectedAt", rejectedAt)
        .check(sequence == 2, "sequence of OrderRejected must be 2, was " + sequence)
        .messages();
  }
}
