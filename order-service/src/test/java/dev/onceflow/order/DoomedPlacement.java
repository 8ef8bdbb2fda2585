package dev.onceflow.order;

import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.core.outbox.Outbox;
import dev.onceflow.order.domain.NewOrder;
import dev.onceflow.order.domain.OrderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Test-only: places an order through the real {@link OrderService}, then records a second event in
 * the same transaction, so a test can make the transaction fail after the order was written.
 */
@ApplicationScoped
public class DoomedPlacement {

  private final OrderService orders;
  private final Outbox outbox;

  DoomedPlacement(OrderService orders, Outbox outbox) {
    this.orders = orders;
    this.outbox = outbox;
  }

  /** Places {@code order}, then records {@code event}; both in one transaction. */
  @Transactional
  public void placeThenRecord(NewOrder order, OutboxEvent event) {
    orders.place(order, null);
    outbox.record(event);
  }

  /** An event whose payload Jackson cannot write: reading {@code poison} throws. */
  public record Unserializable(String orderId, String poison) implements OutboxEvent {

    @Override
    public String poison() {
      throw new IllegalStateException("this event refuses to be serialized");
    }

    @Override
    public String aggregateType() {
      return "order";
    }

    @Override
    public String aggregateId() {
      return orderId;
    }

    @Override
    public long aggregateSequence() {
      return 2;
    }
  }
}
