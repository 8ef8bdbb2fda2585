package dev.onceflow.contract.order;

import dev.onceflow.contract.Violations;
import java.time.Instant;
import java.util.List;

/**
 * A placed order's payment was authorised, so the order is confirmed and may be shipped. An order
 * is decided once, from {@code PLACED}, so this is always its sequence 2.
 */
public record OrderConfirmed(String orderId, String customerId, Instant confirmedAt, long sequence)
    implements OrderEvent {

  @Override
  public String eventType() {
    return OrderEvents.ORDER_CONFIRMED;
  }

  @Override
  public List<String> violations() {
    return new Violations()
        .required("orderId", orderId)
        .required("customerId", customerId)
        .required("confirmedAt", confirmedAt)
        .check(sequence == 2, "sequence of OrderConfirmed must be 2, was " + sequence)
        .messages();
  }
}
