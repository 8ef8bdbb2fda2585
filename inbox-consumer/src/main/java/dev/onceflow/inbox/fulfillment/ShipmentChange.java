package dev.onceflow.inbox.fulfillment;

import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderConfirmed;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.contract.order.OrderRejected;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One order's shipment as the current inbox transaction sees it: either opened by an {@code
 * OrderPlaced} of this batch (written with an insert) or read from {@code shipment} and moved on
 * (written with an update). Fields a stored row already has and this batch does not change stay
 * {@code null} here, and the update keeps the stored values.
 */
final class ShipmentChange {

  final String orderId;
  final String customerId;
  final boolean isNew;
  ShipmentStatus status;
  long lastSequence;
  boolean dirty;

  String currency;
  BigDecimal total;
  int lineCount;
  Instant placedAt;
  Instant createdAt;
  Instant shippedAt;
  Instant rejectedAt;
  String rejectReason;
  Instant cancelledAt;
  String cancelReason;

  private ShipmentChange(
      String orderId, String customerId, ShipmentStatus status, long lastSequence, boolean isNew) {
    this.orderId = orderId;
    this.customerId = customerId;
    this.status = status;
    this.lastSequence = lastSequence;
    this.isNew = isNew;
  }

  /** The shipment an {@code OrderPlaced} opens: pending until the payment is decided. */
  static ShipmentChange opened(OrderPlaced placed, Instant now) {
    ShipmentChange shipment =
        new ShipmentChange(
            placed.orderId(), placed.customerId(), ShipmentStatus.PENDING, placed.sequence(), true);
    shipment.currency = placed.currency();
    shipment.total = placed.total();
    shipment.lineCount = placed.lines().size();
    shipment.placedAt = placed.placedAt();
    shipment.createdAt = now;
    return shipment;
  }

  /** A stored shipment, before this batch changes it. */
  static ShipmentChange stored(
      String orderId, String customerId, ShipmentStatus status, long lastSequence) {
    return new ShipmentChange(orderId, customerId, status, lastSequence, false);
  }

  /** The payment was authorised: the shipment leaves now. */
  void ship(OrderConfirmed confirmed, Instant now) {
    move(ShipmentStatus.SHIPPED, OrderEvents.ORDER_CONFIRMED, confirmed.sequence());
    shippedAt = now;
  }

  /** The payment was declined: the order is never shipped. */
  void reject(OrderRejected rejected) {
    move(ShipmentStatus.REJECTED, OrderEvents.ORDER_REJECTED, rejected.sequence());
    rejectedAt = rejected.rejectedAt();
    rejectReason = rejected.reason();
  }

  /** The order was cancelled, pending or already shipped. */
  void cancel(OrderCancelled cancelled) {
    move(ShipmentStatus.CANCELLED, OrderEvents.ORDER_CANCELLED, cancelled.sequence());
    cancelledAt = cancelled.cancelledAt();
    cancelReason = cancelled.reason();
  }

  private void move(ShipmentStatus to, String eventType, long sequence) {
    if (!status.mayBecome(to)) {
      throw new IllegalShipmentTransition(orderId, status, to, eventType, sequence);
    }
    status = to;
    lastSequence = sequence;
    dirty = true;
  }
}
