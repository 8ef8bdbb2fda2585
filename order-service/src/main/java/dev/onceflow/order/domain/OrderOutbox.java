package dev.onceflow.order.domain;

import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.core.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

/**
 * The one way an order's event is written, whether a REST request or a consumed payment event
 * caused it: into the {@link Outbox}, in the caller's transaction, and fired as a CDI event so
 * observers act once that transaction commits (metrics count only what was really written).
 */
@ApplicationScoped
class OrderOutbox {

  private final Outbox outbox;
  private final Event<OutboxEvent> recorded;

  OrderOutbox(Outbox outbox, Event<OutboxEvent> recorded) {
    this.outbox = outbox;
    this.recorded = recorded;
  }

  @Transactional(Transactional.TxType.MANDATORY)
  void record(OutboxEvent event) {
    outbox.record(event);
    recorded.fire(event);
  }
}
