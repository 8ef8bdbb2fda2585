package dev.onceflow.contract.order;

import dev.onceflow.contract.OutboxEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order was accepted: always the first event (sequence 1) of its order. */
public record OrderPlaced(
    String orderId,
    String customerId,
    String currency,
    List<OrderLine> lines,
    BigDecimal total,
    Instant placedAt,
    long sequence)
    implements OutboxEvent {

  @Override
  public String aggregateType() {
    return OrderEvents.AGGREGATE_TYPE;
  }

  @Override
  public String aggregateId() {
    return orderId;
  }

  @Override
  public long aggregateSequence() {
    return sequence;
  }

  @Override
  public String eventType() {
    return OrderEvents.ORDER_PLACED;
  }
}
