package dev.onceflow.order.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.onceflow.order.domain.LineItem;
import dev.onceflow.order.domain.Order;
import dev.onceflow.order.domain.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as the API shows it.
 *
 * @param id the order's id (a time-ordered UUID)
 * @param customerId who ordered
 * @param currency ISO 4217 code of every amount
 * @param status {@code PLACED}, then {@code CONFIRMED} or {@code REJECTED} once its payment is
 *     decided; {@code CANCELLED} if cancelled while placed or confirmed
 * @param lines the lines in the order they were given
 * @param total sum of quantity times unit price, with two decimals
 * @param createdAt when the order was placed
 * @param version sequence number of the order's last event: 1 once placed, 2 once decided or
 *     cancelled from placed, 3 once cancelled after its confirmation
 * @param cancelledAt when it was cancelled; absent unless cancelled
 * @param cancellationReason why it was cancelled; absent if no reason was given
 * @param decidedAt when its payment confirmed or rejected it; absent until then
 * @param rejectionReason the payment's decline reason; absent unless rejected
 */
public record OrderView(
    UUID id,
    String customerId,
    String currency,
    OrderStatus status,
    List<Line> lines,
    BigDecimal total,
    Instant createdAt,
    long version,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant cancelledAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String cancellationReason,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant decidedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String rejectionReason) {

  /**
   * One line of an order.
   *
   * @param sku the stock-keeping unit
   * @param quantity how many units
   * @param unitPrice price of one unit, with two decimals
   */
  public record Line(String sku, int quantity, BigDecimal unitPrice) {

    static Line of(LineItem item) {
      return new Line(item.sku(), item.quantity(), item.unitPrice());
    }
  }

  static OrderView of(Order order) {
    return new OrderView(
        order.id(),
        order.customerId(),
        order.currency(),
        order.status(),
        order.lines().stream().map(Line::of).toList(),
        order.total(),
        order.createdAt(),
        order.version(),
        order.cancelledAt(),
        order.cancellationReason(),
        order.decidedAt(),
        order.rejectionReason());
  }
}
