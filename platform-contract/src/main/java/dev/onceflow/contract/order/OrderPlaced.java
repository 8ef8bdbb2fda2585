package dev.onceflow.contract.order;

import dev.onceflow.contract.Violations;
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
    implements OrderEvent {

  @Override
  public String eventType() {
    return OrderEvents.ORDER_PLACED;
  }

  @Override
  public List<String> violations() {
    Violations violations =
        new Violations()
            .required("orderId", orderId)
            .required("customerId", customerId)
            .currency("currency", currency)
            .check(lines != null && !lines.isEmpty(), "lines must not be empty");
    if (lines != null) {
      for (int i = 0; i < lines.size(); i++) {
        OrderLine line = lines.get(i);
        if (line == null) {
          violations.check(false, "lines[" + i + "] must not be null");
          continue;
        }
        violations
            .required("lines[" + i + "].sku", line.sku())
            .check(line.quantity() >= 1, "lines[" + i + "].quantity must be at least 1")
            .check(
                line.unitPrice() != null && line.unitPrice().signum() >= 0,
                "lines[" + i + "].unitPrice must be zero or more");
      }
    }
    return violations
        .amount("total", total)
        .required("placedAt", placedAt)
        .check(sequence == 1, "sequence of OrderPlaced must be 1, was " + sequence)
        .messages();
  }
}
