package dev.onceflow.payment.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderConfirmed;
import dev.onceflow.contract.order.OrderEvent;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.contract.order.OrderRejected;
import dev.onceflow.contract.payment.PaymentAuthorized;
import dev.onceflow.contract.payment.PaymentDeclined;
import dev.onceflow.contract.payment.PaymentRefunded;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.EventTypes;
import dev.onceflow.core.inbox.InboxHandler;
import dev.onceflow.core.outbox.Outbox;
import dev.onceflow.payment.PaymentsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * payment-service's business on the Onceflow inbox: consume an order event, change the payment and
 * record the payment event, all in the inbox's transaction — so the inbox entry, the payment row
 * and the outbox row commit together or not at all (consume → effect → produce, exactly once).
 *
 * <ul>
 *   <li>{@code OrderPlaced}: a total up to {@code onceflow.payments.limit} is authorised ({@code
 *       PaymentAuthorized}), a larger one declined ({@code PaymentDeclined}, reason {@value
 *       #ABOVE_LIMIT}).
 *   <li>{@code OrderCancelled}: an authorised payment is refunded ({@code PaymentRefunded}); a
 *       declined one had nothing taken and stays declined, without an event.
 *   <li>{@code OrderConfirmed}, {@code OrderRejected}: the order's answer to this service's
 *       decision; accepted with no effect.
 * </ul>
 *
 * <p>The inbox hands over each order's events in sequence (placed, then confirmed or rejected, then
 * cancelled), once each.
 */
@ApplicationScoped
public class PaymentHandler implements InboxHandler<OutboxEvent> {

  /** Decline reason of an order whose total is above the limit. */
  public static final String ABOVE_LIMIT = "amount-above-limit";

  private static final Logger LOG = Logger.getLogger(PaymentHandler.class);

  private final EventTypes<OutboxEvent> orderEvents;
  private final Outbox outbox;
  private final Clock clock;
  private final BigDecimal limit;

  PaymentHandler(ObjectMapper objectMapper, Outbox outbox, Clock clock, PaymentsConfig config) {
    this.orderEvents = EventTypes.of(objectMapper, OrderEvents.TYPES);
    this.outbox = outbox;
    this.clock = clock;
    this.limit = config.limit();
  }

  @Override
  public Decoded<OutboxEvent> decode(String eventType, int schemaVersion, EventEnvelope envelope) {
    return orderEvents.decode(eventType, envelope);
  }

  @Override
  public void apply(List<ConsumedEvent<OutboxEvent>> events) {
    for (ConsumedEvent<OutboxEvent> event : events) {
      apply((OrderEvent) event.payload());
    }
  }

  // Java 17 has no pattern switch: every permitted OrderEvent has its branch, and none may fall
  // through to a cast (an OrderConfirmed taken for an OrderCancelled was a dead letter).
  private void apply(OrderEvent event) {
    if (event instanceof OrderPlaced placed) {
      decide(placed);
    } else if (event instanceof OrderCancelled cancelled) {
      refund(cancelled);
    } else if (event instanceof OrderConfirmed || event instanceof OrderRejected) {
      // The order's answer to this service's own decision: nothing to do, but it must be
      // accepted, since the inbox applies an order's events in sequence and a cancellation after
      // a confirmation comes next.
      LOG.debugf("Order %s decided (%s); payment unchanged", event.orderId(), event.eventType());
    } else {
      throw new IllegalStateException("no rule for order event " + event.eventType());
    }
  }

  private void decide(OrderPlaced placed) {
    Instant now = clock.instant();
    Payment payment = new Payment();
    payment.orderId = placed.orderId();
    payment.customerId = placed.customerId();
    payment.amount = placed.total();
    payment.currency = placed.currency();
    payment.decidedAt = now;
    if (placed.total().compareTo(limit) <= 0) {
      payment.status = PaymentStatus.AUTHORIZED;
      payment.persist();
      outbox.record(
          new PaymentAuthorized(
              placed.orderId(), placed.customerId(), placed.total(), placed.currency(), now, 1));
      LOG.debugf("Payment of order %s authorized", placed.orderId());
    } else {
      payment.status = PaymentStatus.DECLINED;
      payment.declineReason = ABOVE_LIMIT;
      payment.persist();
      outbox.record(
          new PaymentDeclined(
              placed.orderId(),
              placed.customerId(),
              placed.total(),
              placed.currency(),
              ABOVE_LIMIT,
              now,
              1));
      LOG.debugf("Payment of order %s declined: %s", placed.orderId(), ABOVE_LIMIT);
    }
  }

  private void refund(OrderCancelled cancelled) {
    Payment payment = Payment.findById(cancelled.orderId());
    if (payment == null) {
      // The inbox applies an order's sequence n only after n - 1, and sequence 1 is the placement.
      throw new IllegalStateException("order " + cancelled.orderId() + " has no payment");
    }
    if (payment.status != PaymentStatus.AUTHORIZED) {
      LOG.debugf("Order %s cancelled; its payment was %s", cancelled.orderId(), payment.status);
      return;
    }
    Instant now = clock.instant();
    payment.status = PaymentStatus.REFUNDED;
    payment.refundedAt = now;
    outbox.record(
        new PaymentRefunded(
            payment.orderId, payment.customerId, payment.amount, payment.currency, now, 2));
    LOG.debugf("Payment of order %s refunded", cancelled.orderId());
  }
}
