package dev.onceflow.order.domain;

import dev.onceflow.contract.order.OrderLine;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A customer's order. Its {@link #version()} is also the sequence number of the last event it
 * emitted: placing writes version 1 with {@code OrderPlaced} (sequence 1), and every later change
 * is flushed first so the version Hibernate wrote becomes the next event's sequence.
 */
@Entity(name = "CustomerOrder")
@Table(name = "orders")
public class Order {

  /** Scale of every amount: prices arrive with at most two decimals and are stored with two. */
  static final int AMOUNT_SCALE = 2;

  @Id private UUID id;

  @Column(name = "customer_id", nullable = false, updatable = false)
  private String customerId;

  @Column(name = "currency", nullable = false, updatable = false)
  private String currency;

  @Enumerated(EnumType.STRING)
  @Column(name = "status", nullable = false)
  private OrderStatus status;

  // Eager: every use of an order (API view, event payload) needs its lines, including after the
  // transaction that loaded it has closed its session.
  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "order_line", joinColumns = @JoinColumn(name = "order_id"))
  @OrderColumn(name = "line_no")
  private List<LineItem> lines = new ArrayList<>();

  @Column(name = "total", nullable = false, updatable = false, precision = 19, scale = 2)
  private BigDecimal total;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "cancelled_at")
  private Instant cancelledAt;

  @Column(name = "cancellation_reason")
  private String cancellationReason;

  @Column(name = "decided_at")
  private Instant decidedAt;

  @Column(name = "rejection_reason")
  private String rejectionReason;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected Order() {}

  static Order place(
      UUID id, String customerId, String currency, List<OrderLine> lines, Instant createdAt) {
    Order order = new Order();
    order.id = id;
    order.customerId = customerId;
    order.currency = currency;
    order.status = OrderStatus.PLACED;
    order.createdAt = createdAt;
    // Hibernate keeps a non-negative initial version, so the first event's sequence is 1, not 0.
    order.version = 1;
    BigDecimal total = BigDecimal.ZERO.setScale(AMOUNT_SCALE);
    for (OrderLine line : lines) {
      LineItem item = new LineItem(line.sku(), line.quantity(), amount(line.unitPrice()));
      order.lines.add(item);
      total = total.add(item.amount());
    }
    order.total = total.setScale(AMOUNT_SCALE, RoundingMode.UNNECESSARY);
    return order;
  }

  /** The amount as stored, so what an API response or an event shows equals what a reload shows. */
  static BigDecimal amount(BigDecimal value) {
    return value.setScale(AMOUNT_SCALE, RoundingMode.UNNECESSARY);
  }

  /**
   * Cancels a placed or confirmed order.
   *
   * @throws OrderAlreadyCancelled if it was cancelled before
   * @throws OrderAlreadyRejected if its payment was declined: there is nothing left to cancel
   */
  void cancel(String reason, Instant at) {
    switch (status) {
      case CANCELLED -> throw new OrderAlreadyCancelled(id);
      case REJECTED -> throw new OrderAlreadyRejected(id);
      case PLACED, CONFIRMED -> {
        status = OrderStatus.CANCELLED;
        cancelledAt = at;
        cancellationReason = reason;
      }
    }
  }

  /**
   * The payment was authorised: a placed order is confirmed. Only {@link OrderStatus#PLACED} is
   * decided; the caller checks it ({@link #awaitsDecision()}).
   */
  void confirm(Instant at) {
    requireUndecided();
    status = OrderStatus.CONFIRMED;
    decidedAt = at;
  }

  /** The payment was declined for {@code reason}: a placed order is rejected. */
  void reject(String reason, Instant at) {
    requireUndecided();
    status = OrderStatus.REJECTED;
    decidedAt = at;
    rejectionReason = reason;
  }

  /** Whether the payment's outcome still decides this order: it is placed and nothing more. */
  boolean awaitsDecision() {
    return status == OrderStatus.PLACED;
  }

  private void requireUndecided() {
    if (!awaitsDecision()) {
      throw new IllegalStateException("order " + id + " is " + status + ", not PLACED");
    }
  }

  public UUID id() {
    return id;
  }

  public String customerId() {
    return customerId;
  }

  public String currency() {
    return currency;
  }

  public OrderStatus status() {
    return status;
  }

  public List<LineItem> lines() {
    return List.copyOf(lines);
  }

  public BigDecimal total() {
    return total;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** When the order was cancelled, or {@code null} if it is not. */
  public Instant cancelledAt() {
    return cancelledAt;
  }

  /** Why the order was cancelled, if the caller said; {@code null} otherwise. */
  public String cancellationReason() {
    return cancellationReason;
  }

  /** When its payment decided it (confirmed or rejected); {@code null} while undecided. */
  public Instant decidedAt() {
    return decidedAt;
  }

  /** Why its payment was declined, for a rejected order; {@code null} otherwise. */
  public String rejectionReason() {
    return rejectionReason;
  }

  /** The sequence number of the last event this order emitted. */
  public long version() {
    return version;
  }

  List<OrderLine> contractLines() {
    return lines.stream()
        .map(line -> new OrderLine(line.sku(), line.quantity(), line.unitPrice()))
        .toList();
  }
}
