package dev.onceflow.contract.order;

import dev.onceflow.contract.OnceflowTopics;
import java.util.Map;

/** Names shared by the producer and the consumers of order events. */
public final class OrderEvents {

  /**
   * Aggregate type of orders; the events travel on {@link OnceflowTopics#ORDER_EVENTS}, keyed by
   * order id.
   */
  public static final String AGGREGATE_TYPE = "order";

  /** Event type of {@link OrderPlaced} (its {@code eventType} header). */
  public static final String ORDER_PLACED = "OrderPlaced";

  /** Event type of {@link OrderCancelled} (its {@code eventType} header). */
  public static final String ORDER_CANCELLED = "OrderCancelled";

  /** Every order event type with its record, as a consumer decodes them. */
  public static final Map<String, Class<? extends OrderEvent>> TYPES =
      Map.of(ORDER_PLACED, OrderPlaced.class, ORDER_CANCELLED, OrderCancelled.class);

  private OrderEvents() {}
}
