package dev.onceflow.inbox.fulfillment;

import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderConfirmed;
import dev.onceflow.contract.order.OrderEvent;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.contract.order.OrderRejected;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fulfillment rules, applied to one batch in memory (no I/O): what each order event does to the
 * order's shipment and to its customer's counters. {@link FulfillmentHandler} reads the shipments
 * the batch needs before and writes the outcome after.
 *
 * <ul>
 *   <li>{@code OrderPlaced}: a {@link ShipmentStatus#PENDING PENDING} shipment; the customer's
 *       placed orders + 1 and the order's total added to their amount;
 *   <li>{@code OrderConfirmed}: {@link ShipmentStatus#SHIPPED SHIPPED}, shipped now;
 *   <li>{@code OrderRejected}: {@link ShipmentStatus#REJECTED REJECTED}, never shipped;
 *   <li>{@code OrderCancelled}: {@link ShipmentStatus#CANCELLED CANCELLED} (pending or shipped);
 *       the customer's cancelled orders + 1.
 * </ul>
 *
 * Any other move ({@link ShipmentStatus#mayBecome}) throws {@link IllegalShipmentTransition}.
 */
final class FulfillmentBatch {

  private final Map<String, ShipmentChange> shipments;
  private final SortedMap<String, CustomerStatsDelta> stats = new TreeMap<>();
  private final Instant now;

  /**
   * @param stored the stored shipments of {@link #storedOrders}, by order id
   * @param now when this batch is applied: a shipment confirmed in it is shipped at this instant
   */
  FulfillmentBatch(Collection<ShipmentChange> stored, Instant now) {
    this.shipments = new HashMap<>(stored.size() * 2 + 16);
    for (ShipmentChange shipment : stored) {
      shipments.put(shipment.orderId, shipment);
    }
    this.now = now;
  }

  /**
   * The orders whose shipment must be read before the batch: those with an event here but not
   * placed here (their placement is an earlier, committed event). Sorted, as rows are locked.
   */
  static Set<String> storedOrders(List<? extends OrderEvent> events) {
    Set<String> placedHere = new TreeSet<>();
    Set<String> stored = new TreeSet<>();
    for (OrderEvent event : events) {
      if (event instanceof OrderPlaced) {
        placedHere.add(event.orderId());
      } else if (!placedHere.contains(event.orderId())) {
        stored.add(event.orderId());
      }
    }
    return stored;
  }

  /** Applies the order's next event. */
  void apply(OrderEvent event) {
    // Java 17 has no pattern switch over the sealed type: switch on its type name, the decoder's
    // key (OrderEvents.TYPES), which FulfillmentBatchTest checks is covered in full.
    switch (event.eventType()) {
      case OrderEvents.ORDER_PLACED -> place((OrderPlaced) event);
      case OrderEvents.ORDER_CONFIRMED -> shipmentOf(event).ship((OrderConfirmed) event, now);
      case OrderEvents.ORDER_REJECTED -> shipmentOf(event).reject((OrderRejected) event);
      case OrderEvents.ORDER_CANCELLED -> cancel((OrderCancelled) event);
      default -> throw new IllegalArgumentException("not an order event: " + event.eventType());
    }
  }

  /** The shipments opened or changed by this batch (and those only read). */
  Collection<ShipmentChange> shipments() {
    return shipments.values();
  }

  /** The increments of each customer's counters, sorted by customer id. */
  SortedMap<String, CustomerStatsDelta> stats() {
    return stats;
  }

  private void place(OrderPlaced placed) {
    shipments.put(placed.orderId(), ShipmentChange.opened(placed, now));
    CustomerStatsDelta delta = statsOf(placed.customerId());
    delta.placed++;
    delta.amount = delta.amount.add(placed.total());
  }

  private void cancel(OrderCancelled cancelled) {
    ShipmentChange shipment = shipmentOf(cancelled);
    shipment.cancel(cancelled);
    statsOf(shipment.customerId).cancelled++;
  }

  private ShipmentChange shipmentOf(OrderEvent event) {
    ShipmentChange shipment = shipments.get(event.orderId());
    if (shipment == null) {
      // The inbox applies sequence n only after n - 1, and sequence 1 is the placement.
      throw new IllegalStateException(
          "order "
              + event.orderId()
              + " has no shipment for "
              + event.eventType()
              + " at sequence "
              + event.sequence());
    }
    return shipment;
  }

  private CustomerStatsDelta statsOf(String customerId) {
    return stats.computeIfAbsent(customerId, k -> new CustomerStatsDelta());
  }
}
