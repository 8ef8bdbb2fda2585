package dev.onceflow.contract.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The order's amount was authorized: the first event (sequence 1) of its payment. */
public record PaymentAuthorized(
    String orderId,
    String customerId,
    BigDecimal amount,
    String currency,
    Instant authorizedAt,
    long sequence)
    implements PaymentEvent {

  @Override
  public String eventType() {
    return PaymentEvents.PAYMENT_AUTHORIZED;
  }

  @Override
  public List<String> violations() {
    return paymentViolations()
        .required("authorizedAt", authorizedAt)
        .check(sequence == 1, "sequence of PaymentAuthorized must be 1, was " + sequence)
        .messages();
  }
}
