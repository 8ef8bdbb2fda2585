package dev.onceflow.inbox.fulfillment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Per-customer counters, maintained by plain increments so that a duplicate effect would show.
 * Amounts are summed as sent, in the orders' currencies.
 */
@Entity
@Table(name = "customer_stats")
public class CustomerStats extends PanacheEntityBase {

  @Id
  @Column(name = "customer_id")
  public String customerId;

  @Column(name = "orders_placed")
  public long ordersPlaced;

  @Column(name = "orders_cancelled")
  public long ordersCancelled;

  @Column(name = "total_amount")
  public BigDecimal totalAmount;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
