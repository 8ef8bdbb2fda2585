package dev.onceflow.payment.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The payment of one order. Written only by {@link PaymentHandler}, inside the inbox transaction.
 */
@Entity
@Table(name = "payment")
public class Payment extends PanacheEntityBase {

  @Id
  @Column(name = "order_id")
  public String orderId;

  @Column(name = "customer_id")
  public String customerId;

  @Enumerated(EnumType.STRING)
  public PaymentStatus status;

  public BigDecimal amount;

  public String currency;

  @Column(name = "decline_reason")
  public String declineReason;

  @Column(name = "decided_at")
  public Instant decidedAt;

  @Column(name = "refunded_at")
  public Instant refundedAt;
}
