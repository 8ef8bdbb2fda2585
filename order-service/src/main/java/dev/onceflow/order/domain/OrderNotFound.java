package dev.onceflow.order.domain;

/** No order has the requested id (including an id that is not a UUID at all). */
public class OrderNotFound extends RuntimeException {

  private final String orderId;

  public OrderNotFound(String orderId) {
    super("No order with id " + orderId);
    this.orderId = orderId;
  }

  /** The id as the caller gave it. */
  public String orderId() {
    return orderId;
  }
}
