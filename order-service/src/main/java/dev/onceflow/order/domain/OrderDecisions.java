package dev.onceflow.order.domain;

import dev.onceflow.contract.order.OrderConfirmed;
import dev.onceflow.contract.order.OrderEvent;
import dev.onceflow.contract.order.OrderRejected;
import dev.onceflow.contract.payment.PaymentAuthorized;
import dev.onceflow.contract.payment.PaymentDeclined;
import dev.onceflow.contract.payment.PaymentEvent;
import dev.onceflow.contract.payment.PaymentRefunded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Decides orders by their payment's outcome, inside the inbox transaction that consumed it, so the
 * inbox entry, the order's new status and its event in the outbox commit together or not at all.
 *
 * <ul>
 *   <li>{@code PaymentAuthorized} on a placed order: {@link OrderStatus#CONFIRMED}, {@code
 *       OrderConfirmed} (sequence 2).
 *   <li>{@code PaymentDeclined} on a placed order: {@link OrderStatus#REJECTED}, {@code
 *       OrderRejected} (sequence 2) with the payment's decline reason.
 *   <li>Either on a cancelled order: nothing; payment-service refunds on the {@code OrderCancelled}
 *       it receives.
 *   <li>{@code PaymentRefunded}: nothing; the order was cancelled already.
 * </ul>
 */
@ApplicationScoped
public class OrderDecisions {

  private static final Logger LOG = Logger.getLogger(OrderDecisions.class);

  // Ordered by id: every transaction that locks several orders takes them in the same order, and
  // a REST cancellation locks one, so no lock cycle (deadlock) can form between them.
  private static final String LOCK = "from CustomerOrder o where o.id in :ids order by o.id";

  private final OrderRepository orders;
  private final OrderOutbox outbox;
  private final Clock clock;

  OrderDecisions(OrderRepository orders, OrderOutbox outbox, Clock clock) {
    this.orders = orders;
    this.outbox = outbox;
    this.clock = clock;
  }

  /**
   * Applies a batch of payment events, in the order given, within the caller's transaction.
   *
   * @throws OrderNotFound if an authorisation or a decline names no order of this service (the
   *     inbox dead-letters that event alone)
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void apply(List<PaymentEvent> outcomes) {
    Map<UUID, Order> locked = lock(outcomes);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    List<Order> decided = new ArrayList<>();
    for (PaymentEvent outcome : outcomes) {
      if (outcome instanceof PaymentRefunded) {
        continue;
      }
      Order order = locked.get(orderId(outcome.orderId()));
      if (order == null) {
        throw new OrderNotFound(outcome.orderId());
      }
      if (!order.awaitsDecision()) {
        // Cancelled before its payment was decided: the cancellation stands.
        LOG.debugf("Order %s is %s; %s changes nothing", order.id(), order.status(), outcome);
        continue;
      }
      if (outcome instanceof PaymentAuthorized) {
        order.confirm(now);
      } else if (outcome instanceof PaymentDeclined declined) {
        order.reject(declined.reason(), now);
      } else {
        throw new IllegalStateException("no rule for payment event " + outcome.eventType());
      }
      decided.add(order);
    }
    // The flush writes each decided order's incremented version: the sequence its event carries.
    orders.flush();
    for (Order order : decided) {
      outbox.record(decision(order));
    }
  }

  private static OrderEvent decision(Order order) {
    String id = order.id().toString();
    if (order.status() == OrderStatus.CONFIRMED) {
      return new OrderConfirmed(id, order.customerId(), order.decidedAt(), order.version());
    }
    return new OrderRejected(
        id, order.customerId(), order.rejectionReason(), order.decidedAt(), order.version());
  }

  private Map<UUID, Order> lock(List<PaymentEvent> outcomes) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (PaymentEvent outcome : outcomes) {
      if (!(outcome instanceof PaymentRefunded)) {
        ids.add(orderId(outcome.orderId()));
      }
    }
    if (ids.isEmpty()) {
      return Map.of();
    }
    return orders
        .getEntityManager()
        .createQuery(LOCK, Order.class)
        .setParameter("ids", ids)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultList()
        .stream()
        .collect(Collectors.toMap(Order::id, Function.identity()));
  }

  // Order ids are canonical UUIDs; any other id (UUID.fromString also takes "1-2-3-4-5") names no
  // order here.
  private static UUID orderId(String id) {
    try {
      UUID uuid = UUID.fromString(id);
      if (uuid.toString().equalsIgnoreCase(id)) {
        return uuid;
      }
    } catch (IllegalArgumentException e) {
      // not a UUID at all: no such order either
    }
    throw new OrderNotFound(id);
  }
}
