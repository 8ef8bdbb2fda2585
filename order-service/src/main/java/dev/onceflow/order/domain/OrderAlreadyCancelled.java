package dev.onceflow.order.domain;

import java.util.UUID;

/** The order was cancelled before: a second cancellation would emit a second event. */
public class OrderAlreadyCancelled extends RuntimeException {

  public OrderAlreadyCancelled(UUID orderId) {
    super("Order " + orderId + " is already cancelled");
  }
}
