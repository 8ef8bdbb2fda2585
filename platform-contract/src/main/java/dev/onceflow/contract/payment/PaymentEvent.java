package dev.onceflow.contract.payment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.contract.Violations;
import java.math.BigDecimal;

/**
 * An event of an order's payment: on {@link PaymentEvents#AGGREGATE_TYPE}'s topic, keyed by the
 * order id, numbered by its {@code sequence}.
 */
public sealed interface PaymentEvent extends OutboxEvent
    permits PaymentAuthorized, PaymentDeclined, PaymentRefunded {

  /** The order this payment belongs to: the aggregate id. */
  String orderId();

  /** The event's position in the payment's history. */
  long sequence();

  /** The order's customer. */
  String customerId();

  /** The order's total, which the payment is about. */
  BigDecimal amount();

  /** ISO 4217 code of {@link #amount()}. */
  String currency();

  /** The violations every payment event can have; each event adds its own. */
  default Violations paymentViolations() {
    return new Violations()
        .required("orderId", orderId())
        .required("customerId", customerId())
        .amount("amount", amount())
        .currency("currency", currency());
  }

  @Override
  @JsonIgnore
  default String aggregateType() {
    return PaymentEvents.AGGREGATE_TYPE;
  }

  @Override
  @JsonIgnore
  default String aggregateId() {
    return orderId();
  }

  @Override
  @JsonIgnore
  default long aggregateSequence() {
    return sequence();
  }
}
