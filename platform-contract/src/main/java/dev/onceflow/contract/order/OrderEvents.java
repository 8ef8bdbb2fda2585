package dev.onceflow.contract.order;

import dev.onceflow.contract.OnceflowTopics;
import java.util.Map;

/**
 * Names shared by the producer and the consumers of order events.
 *
 * <p>An order's life: {@code OrderPlaced} (sequence 1); then, once its payment is decided, {@code
 * OrderConfirmed} or {@code OrderRejected} (sequence 2); a placed or confirmed order may be
 * cancelled ({@code OrderCancelled}, the next sequence). A rejected or cancelled order changes no
 * more. A consumer must accept every type here, even those it ignores, since the order's sequence
 * runs through all of them.
 */
public final class OrderEvents {

  /**
   * Aggregate type of orders; the events travel on {@link OnceflowTopics#ORDER_EVENTS}, keyed by
   * order id.
   */
  public static final String AGGREGATE_TYPE = "order";

  /** Event type of {@link OrderPlaced} (its {@code eventType} header). */
  public static final String ORDER_PLACED = "OrderPlaced";

  /** Event type of {@link OrderConfirmed} (its {@code eventType} header). */
  public static final String ORDER_CONFIRMED = "OrderConfirmed";

  /** Event type of {@link OrderRejected} (its {@code eventType} header). */
  public static final String ORDER_REJECTED = "OrderRejected";

  /** Event type of {@link OrderCancelled} (its {@code eventType} header). */
  public static final String ORDER_CANCELLED = "OrderCancelled";

  /** Every order event type with its record, as a consumer decodes them. */
  public static final Map<String, Class<? extends OrderEvent>> TYPES =
      Map.of(
          ORDER_PLACED,
          OrderPlaced.class,
          ORDER_CONFIRMED,
          OrderConfirmed.class,
          ORDER_REJECTED,
          OrderRejected.class,
          ORDER_CANCELLED,
          OrderCancelled.class);

  private OrderEvents() {}
}
