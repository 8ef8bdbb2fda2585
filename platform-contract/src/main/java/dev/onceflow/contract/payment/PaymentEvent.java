package dev.onceflow.contract.payment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.onceflow.contract.OutboxEvent;

/**
 * An event of an order's payment: on {@link PaymentEvents#AGGREGATE_TYPE}'s topic, keyed by the
 * order id, numbered by its {@code sequence}.
 */
public sealed interface PaymentEvent extends OutboxEvent
    permits PaymentAuthorized, PaymentDeclined, PaymentRefunded {

  /** The order this payment belongs to: the aggregate id. */
  String orderId();

  /** The event's position in the payment's history. */
  long sequence();

  @Override
  @JsonIgnore
  default String aggregateType() {
    return PaymentEvents.AGGREGATE_TYPE;
  }

  @Override
  @JsonIgnore
  default String aggregateId() {
    return orderId();
  }

  @Override
  @JsonIgnore
  default long aggregateSequence() {
    return sequence();
  }
}
