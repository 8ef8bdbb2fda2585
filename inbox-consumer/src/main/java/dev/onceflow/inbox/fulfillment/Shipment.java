package dev.onceflow.inbox.fulfillment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The shipment of one placed order, shipped once the order is confirmed ({@link ShipmentStatus}).
 * Written by {@link FulfillmentHandler} in set-based statements; read through Panache.
 */
@Entity
@Table(name = "shipment")
public class Shipment extends PanacheEntityBase {

  @Id
  @Column(name = "order_id")
  public String orderId;

  @Column(name = "customer_id")
  public String customerId;

  /** A {@link ShipmentStatus} name: PENDING, SHIPPED, REJECTED or CANCELLED. */
  public String status;

  public String currency;

  public BigDecimal total;

  @Column(name = "line_count")
  public int lineCount;

  /** Sequence of the order's last applied event. */
  @Column(name = "last_sequence")
  public long lastSequence;

  @Column(name = "placed_at")
  public Instant placedAt;

  @Column(name = "created_at")
  public Instant createdAt;

  /** When it was shipped (the order's confirmation applied); kept if cancelled afterwards. */
  @Column(name = "shipped_at")
  public Instant shippedAt;

  @Column(name = "rejected_at")
  public Instant rejectedAt;

  /** The payment's decline reason of a rejected order. */
  @Column(name = "reject_reason")
  public String rejectReason;

  @Column(name = "cancelled_at")
  public Instant cancelledAt;

  @Column(name = "cancel_reason")
  public String cancelReason;
}
