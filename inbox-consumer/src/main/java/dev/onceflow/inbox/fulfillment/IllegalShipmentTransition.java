package dev.onceflow.inbox.fulfillment;

/**
 * An order event that its shipment's status does not allow (a cancellation of a rejected order, a
 * second decision). The order's producer never sends one; should it arrive, the event cannot be
 * applied now or ever, so the inbox dead-letters it ({@code processing-failed}) and applies the
 * rest of its batch.
 */
public class IllegalShipmentTransition extends IllegalStateException {

  public IllegalShipmentTransition(
      String orderId, ShipmentStatus from, ShipmentStatus to, String eventType, long sequence) {
    super(
        "shipment of order "
            + orderId
            + " is "
            + from
            + ": "
            + eventType
            + " (sequence "
            + sequence
            + ") cannot make it "
            + to);
  }
}
