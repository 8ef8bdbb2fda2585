package dev.onceflow.order.domain;

import java.util.UUID;

/**
 * The order's payment was declined, so it was rejected: it has no payment to refund and no shipment
 * to stop, and a cancellation would add an event after its last one.
 */
public class OrderAlreadyRejected extends RuntimeException {

  public OrderAlreadyRejected(UUID orderId) {
    super("Order " + orderId + " was rejected (its payment was declined) and cannot be cancelled");
  }
}
