package dev.onceflow.contract.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An authorized payment was refunded because its order was cancelled (sequence 2). */
public record PaymentRefunded(
    String orderId,
    String customerId,
    BigDecimal amount,
    String currency,
    Instant refundedAt,
    long sequence)
    implements PaymentEvent {

  @Override
  public String eventType() {
    return PaymentEvents.PAYMENT_REFUNDED;
  }

  @Override
  public List<String> violations() {
    return paymentViolations()
        .required("refundedAt", refundedAt)
        .check(sequence == 2, "sequence of PaymentRefunded must be 2, was " + sequence)
        .messages();
  }
}
