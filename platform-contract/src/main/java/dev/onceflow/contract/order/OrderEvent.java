package dev.onceflow.contract.order;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.onceflow.contract.OutboxEvent;

/**
 * An event of an order: on {@link OrderEvents#AGGREGATE_TYPE}'s topic, keyed by the order id,
 * numbered by its {@code sequence}.
 */
public sealed interface OrderEvent extends OutboxEvent
    permits OrderPlaced, OrderConfirmed, OrderRejected, OrderCancelled {

  /** The order: the aggregate id. */
  String orderId();

  /** The event's position in the order's history. */
  long sequence();

  @Override
  @JsonIgnore
  default String aggregateType() {
    return OrderEvents.AGGREGATE_TYPE;
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
