package dev.onceflow.payment.domain;

/** Where a payment is in its life: decided once, refunded at most once. */
public enum PaymentStatus {
  /** The order's amount was authorised ({@code PaymentAuthorized}). */
  AUTHORIZED,
  /** The order's amount was declined ({@code PaymentDeclined}); nothing to refund. */
  DECLINED,
  /**
   * An authorised payment was given back after its order was cancelled ({@code PaymentRefunded}).
   */
  REFUNDED
}
