package dev.onceflow.order.domain;

/**
 * Where an order is in its life. Placed first; its payment then decides it once (confirmed or
 * rejected), unless it was cancelled before; a placed or confirmed order may be cancelled.
 *
 * <pre>
 * PLACED ──PaymentAuthorized──▶ CONFIRMED ──cancel──▶ CANCELLED
 *   │ └────PaymentDeclined────▶ REJECTED
 *   └──────────────cancel──────────────────────────▶ CANCELLED
 * </pre>
 */
public enum OrderStatus {
  /** Accepted ({@code OrderPlaced}, sequence 1); its payment is not decided yet. */
  PLACED,
  /** Its payment was authorised ({@code OrderConfirmed}, sequence 2). */
  CONFIRMED,
  /** Its payment was declined ({@code OrderRejected}, sequence 2); final. */
  REJECTED,
  /**
   * Cancelled by its customer ({@code OrderCancelled}: sequence 2 from placed, 3 from confirmed);
   * final.
   */
  CANCELLED
}
