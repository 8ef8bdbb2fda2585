package dev.onceflow.contract.payment;

import dev.onceflow.contract.OnceflowTopics;
import java.util.Map;

/**
 * Names shared by payment-service and the consumers of payment events. A payment belongs to one
 * order and is keyed by its order id: its first event ({@link PaymentAuthorized} or {@link
 * PaymentDeclined}) has sequence 1, a {@link PaymentRefunded} sequence 2.
 */
public final class PaymentEvents {

  /** Aggregate type of payments; the events travel on {@link OnceflowTopics#PAYMENT_EVENTS}. */
  public static final String AGGREGATE_TYPE = "payment";

  /** Event type of {@link PaymentAuthorized}. */
  public static final String PAYMENT_AUTHORIZED = "PaymentAuthorized";

  /** Event type of {@link PaymentDeclined}. */
  public static final String PAYMENT_DECLINED = "PaymentDeclined";

  /** Event type of {@link PaymentRefunded}. */
  public static final String PAYMENT_REFUNDED = "PaymentRefunded";

  /** Every payment event type with its record, as a consumer decodes them. */
  public static final Map<String, Class<? extends PaymentEvent>> TYPES =
      Map.of(
          PAYMENT_AUTHORIZED,
          PaymentAuthorized.class,
          PAYMENT_DECLINED,
          PaymentDeclined.class,
          PAYMENT_REFUNDED,
          PaymentRefunded.class);

  private PaymentEvents() {}
}
