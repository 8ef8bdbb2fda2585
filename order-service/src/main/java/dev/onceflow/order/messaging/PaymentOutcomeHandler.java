package dev.onceflow.order.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.contract.payment.PaymentEvent;
import dev.onceflow.contract.payment.PaymentEvents;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.EventTypes;
import dev.onceflow.core.inbox.InboxHandler;
import dev.onceflow.order.domain.OrderDecisions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * order-service on the Onceflow inbox (consumer {@code orders}, topic {@code
 * outbox.event.payment}): each payment's outcome decides its order ({@link OrderDecisions}) in the
 * inbox's transaction. The library hands over each order's payment events once each and in
 * sequence, and dead-letters what cannot be applied (an unknown order, an unknown event type).
 */
@ApplicationScoped
public class PaymentOutcomeHandler implements InboxHandler<OutboxEvent> {

  private final EventTypes<OutboxEvent> paymentEvents;
  private final OrderDecisions decisions;

  PaymentOutcomeHandler(ObjectMapper objectMapper, OrderDecisions decisions) {
    this.paymentEvents = EventTypes.of(objectMapper, PaymentEvents.TYPES);
    this.decisions = decisions;
  }

  @Override
  public Decoded<OutboxEvent> decode(String eventType, int schemaVersion, EventEnvelope envelope) {
    return paymentEvents.decode(eventType, envelope);
  }

  @Override
  public void apply(List<ConsumedEvent<OutboxEvent>> events) {
    // decode admits only PaymentEvents.TYPES.
    decisions.apply(events.stream().map(event -> (PaymentEvent) event.payload()).toList());
  }
}
