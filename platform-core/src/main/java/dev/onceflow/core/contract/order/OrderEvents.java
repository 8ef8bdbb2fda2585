package dev.onceflow.core.contract.order;

/** Names shared by the producer and the consumers of order events. */
public final class OrderEvents {

  /**
   * Aggregate type of orders; the events travel on {@code outbox.event.order}, keyed by order id.
   */
  public static final String AGGREGATE_TYPE = "order";

  private OrderEvents() {}
}
