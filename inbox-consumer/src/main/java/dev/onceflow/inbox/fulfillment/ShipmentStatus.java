package dev.onceflow.inbox.fulfillment;

import java.util.Set;

/**
 * Where an order's shipment stands. Fulfillment ships only confirmed orders: a placed order waits
 * for its payment's decision.
 *
 * <pre>
 * PENDING ──OrderConfirmed──▶ SHIPPED ──OrderCancelled──▶ CANCELLED
 *    │ └────OrderRejected───▶ REJECTED (never shipped)
 *    └──────OrderCancelled──────────────────────────────▶ CANCELLED
 * </pre>
 */
public enum ShipmentStatus {
  /** Placed; waiting for the payment's decision. Nothing has left the warehouse. */
  PENDING,
  /** Confirmed (payment authorised): shipped. */
  SHIPPED,
  /** Rejected (payment declined): never shipped, and changes no more. */
  REJECTED,
  /** Cancelled, before or after shipping: changes no more. */
  CANCELLED;

  /** Whether the shipment may move from this status to {@code next}. */
  public boolean mayBecome(ShipmentStatus next) {
    return switch (this) {
      case PENDING -> Set.of(SHIPPED, REJECTED, CANCELLED).contains(next);
      case SHIPPED -> next == CANCELLED;
      case REJECTED, CANCELLED -> false;
    };
  }
}
