package dev.onceflow.contract.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The order's amount was declined, for {@code reason}: the first and last event (sequence 1) of its
 * payment.
 */
public record PaymentDeclined(
    String orderId,
    String customerId,
    BigDecimal amount,
    String currency,
    String reason,
    Instant declinedAt,
    long sequence)
    implements PaymentEvent {

  @Override
  public String eventType() {
    return PaymentEvents.PAYMENT_DECLINED;
  }

  @Override
  public List<String> violations() {
    return paymentViolations()
        .required("reason", reason)
        .required("declinedAt", declinedAt)
        .check(sequence == 1, "sequence of PaymentDeclined must be 1, was " + sequence)
        .messages();
  }
}
