package dev.onceflow.systemtest;

import dev.onceflow.systemtest.LedgerBooks.Order;
import dev.onceflow.systemtest.LedgerBooks.Payment;
import dev.onceflow.systemtest.LedgerBooks.Shipment;
import dev.onceflow.systemtest.LedgerBooks.Stats;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The saga part of the ledger: after the drain every order has reached exactly one terminal state,
 * consistent with its one payment and its shipment (docs: issue 13's semantics).
 *
 * <ul>
 *   <li>CONFIRMED ⇔ payment AUTHORIZED (not refunded) and shipment SHIPPED;
 *   <li>REJECTED ⇔ payment DECLINED and shipment REJECTED (never shipped);
 *   <li>CANCELLED ⇔ payment DECLINED or REFUNDED and shipment CANCELLED;
 *   <li>one payment per order, for its total, decided by payment-service's limit; a refund only for
 *       a cancelled order, after the cancel;
 *   <li>each customer's counters count each placement and cancellation once.
 * </ul>
 */
final class SagaLedger {

  static final String PLACED = "PLACED";
  static final String CONFIRMED = "CONFIRMED";
  static final String REJECTED = "REJECTED";
  static final String CANCELLED = "CANCELLED";
  static final String AUTHORIZED = "AUTHORIZED";
  static final String DECLINED = "DECLINED";
  static final String REFUNDED = "REFUNDED";
  static final String SHIPPED = "SHIPPED";

  /** payment-service's {@code onceflow.payments.limit}: above it a payment is declined. */
  static final BigDecimal PAYMENT_LIMIT = new BigDecimal("1000.00");

  private final LedgerRows rows = new LedgerRows();

  private SagaLedger() {
    rows.zero("orders_undecided", "orders in no terminal state");
    rows.zero("orders_version_inconsistent", "orders whose version contradicts their state");
    rows.zero("orders_without_payment", "orders without a payment");
    rows.zero("payments_beyond_one_per_order", "payments beyond one per order");
    rows.zero("payments_without_order", "payments of no committed order");
    rows.zero(
        "payments_wrong_amount_or_decision", "payments of another amount or against the limit");
    rows.zero(
        "confirmed_payment_not_authorized", "CONFIRMED orders whose payment is not AUTHORIZED");
    rows.zero("rejected_payment_not_declined", "REJECTED orders whose payment is not DECLINED");
    rows.zero("cancelled_payment_kept", "CANCELLED orders whose payment is still AUTHORIZED");
    rows.zero("refunds_without_cancel", "refunds of orders not cancelled (or before the cancel)");
    rows.zero("orders_without_shipment", "orders without a shipment");
    rows.zero("shipments_without_order", "shipments of no committed order");
    rows.zero("confirmed_not_shipped", "CONFIRMED orders whose shipment is not SHIPPED");
    rows.zero("rejected_shipment_not_rejected", "REJECTED orders whose shipment is not REJECTED");
    rows.zero(
        "cancelled_shipment_not_cancelled", "CANCELLED orders whose shipment is not CANCELLED");
    rows.zero("shipments_differing_from_order", "shipments differing from their order");
    rows.zero("counters_duplicate_effects", "customer counters above the orders (duplicates)");
    rows.zero("counters_lost_effects", "customer counters below the orders (lost)");
    rows.zero("counters_amount_wrong", "customer amounts differing from the orders");
  }

  static LedgerRows balance(LedgerBooks books) {
    SagaLedger ledger = new SagaLedger();
    Map<String, List<Payment>> payments = new HashMap<>();
    books
        .payments()
        .forEach(p -> payments.computeIfAbsent(p.orderId(), k -> new ArrayList<>()).add(p));
    ledger.totals(books);
    for (Order order : books.orders().values()) {
      String id = order.id().toString();
      ledger.checkOrder(order);
      ledger.checkPayment(order, payments.getOrDefault(id, List.of()));
      ledger.checkShipment(order, books.shipments().get(id));
    }
    for (Payment payment : books.payments()) {
      Order order = order(books, payment.orderId());
      if (order == null) {
        ledger.rows.violation("payments_without_order", payment.toString());
      }
      if (REFUNDED.equals(payment.status())
          && (order == null
              || !CANCELLED.equals(order.status())
              || order.cancelledAt() == null
              || (payment.refundedAt() != null
                  && payment.refundedAt().isBefore(order.cancelledAt())))) {
        ledger.rows.violation("refunds_without_cancel", payment + " of " + order);
      }
    }
    for (String orderId : books.shipments().keySet()) {
      if (order(books, orderId) == null) {
        ledger.rows.violation("shipments_without_order", orderId);
      }
    }
    ledger.checkCounters(books.orders().values(), books.stats());
    return ledger.rows;
  }

  private void totals(LedgerBooks books) {
    rows.total("orders", "orders committed", books.orders().size());
    for (String status : List.of(CONFIRMED, REJECTED, CANCELLED)) {
      rows.total(
          "orders_" + status.toLowerCase(),
          "· " + status,
          books.orders().values().stream().filter(o -> o.status().equals(status)).count());
    }
    rows.total("payments", "payments", books.payments().size());
    for (String status : List.of(AUTHORIZED, DECLINED, REFUNDED)) {
      rows.total(
          "payments_" + status.toLowerCase(),
          "· " + status,
          books.payments().stream().filter(p -> p.status().equals(status)).count());
    }
    rows.total("shipments", "shipments", books.shipments().size());
    rows.total("customers", "customers with counters", books.stats().size());
  }

  /** A terminal state, and the version (its last event's sequence) that state implies. */
  private void checkOrder(Order order) {
    boolean consistent =
        switch (order.status()) {
          case CONFIRMED, REJECTED -> order.version() == 2;
          case CANCELLED -> order.version() == 2 || order.version() == 3;
          default -> {
            rows.violation("orders_undecided", order.toString());
            yield true;
          }
        };
    if (!consistent) {
      rows.violation("orders_version_inconsistent", order.toString());
    }
  }

  private void checkPayment(Order order, List<Payment> payments) {
    if (payments.isEmpty()) {
      rows.violation("orders_without_payment", order.toString());
      return;
    }
    rows.violation(
        "payments_beyond_one_per_order", payments.size() - 1, order.id() + ": " + payments);
    Payment payment = payments.get(0);
    boolean aboveLimit = order.total().compareTo(PAYMENT_LIMIT) > 0;
    if (payment.amount().compareTo(order.total()) != 0
        || aboveLimit != DECLINED.equals(payment.status())) {
      rows.violation("payments_wrong_amount_or_decision", payment + " for " + order);
    }
    String status = payment.status();
    switch (order.status()) {
      case CONFIRMED -> {
        if (!AUTHORIZED.equals(status)) {
          rows.violation("confirmed_payment_not_authorized", payment + " for " + order);
        }
      }
      case REJECTED -> {
        if (!DECLINED.equals(status)) {
          rows.violation("rejected_payment_not_declined", payment + " for " + order);
        }
      }
      case CANCELLED -> {
        if (!DECLINED.equals(status) && !REFUNDED.equals(status)) {
          rows.violation("cancelled_payment_kept", payment + " for " + order);
        }
      }
      default -> {
        // Undecided: counted once, as such.
      }
    }
  }

  private void checkShipment(Order order, Shipment shipment) {
    if (shipment == null) {
      rows.violation("orders_without_shipment", order.toString());
      return;
    }
    switch (order.status()) {
      case CONFIRMED -> {
        if (!SHIPPED.equals(shipment.status()) || !shipment.shipped()) {
          rows.violation("confirmed_not_shipped", shipment + " of " + order);
        }
      }
      case REJECTED -> {
        if (!REJECTED.equals(shipment.status()) || shipment.shipped()) {
          rows.violation("rejected_shipment_not_rejected", shipment + " of " + order);
        }
      }
      case CANCELLED -> {
        if (!CANCELLED.equals(shipment.status())) {
          rows.violation("cancelled_shipment_not_cancelled", shipment + " of " + order);
        }
      }
      default -> {
        // Undecided: counted once, as such.
      }
    }
    if (shipment.lastSequence() != order.version()
        || shipment.total().compareTo(order.total()) != 0
        || !shipment.customerId().equals(order.customerId())) {
      rows.violation("shipments_differing_from_order", shipment + " of " + order);
    }
  }

  /** Each customer's placements, cancellations and amount, against the committed orders. */
  private void checkCounters(Iterable<Order> orders, Map<String, Stats> stats) {
    Map<String, Stats> expected = new HashMap<>();
    for (Order order : orders) {
      expected.merge(
          order.customerId(),
          new Stats(1, CANCELLED.equals(order.status()) ? 1 : 0, order.total()),
          (a, b) ->
              new Stats(
                  a.placed() + b.placed(),
                  a.cancelled() + b.cancelled(),
                  a.amount().add(b.amount())));
    }
    Stats none = new Stats(0, 0, BigDecimal.ZERO);
    for (String customer : union(expected.keySet(), stats.keySet())) {
      Stats want = expected.getOrDefault(customer, none);
      Stats is = stats.getOrDefault(customer, none);
      String finding = customer + ": " + is + ", orders imply " + want;
      rows.violation(
          "counters_duplicate_effects",
          Math.max(0, is.placed() - want.placed()) + Math.max(0, is.cancelled() - want.cancelled()),
          finding);
      rows.violation(
          "counters_lost_effects",
          Math.max(0, want.placed() - is.placed()) + Math.max(0, want.cancelled() - is.cancelled()),
          finding);
      if (is.placed() == want.placed() && is.amount().compareTo(want.amount()) != 0) {
        rows.violation("counters_amount_wrong", finding);
      }
    }
  }

  private static List<String> union(Iterable<String> a, Iterable<String> b) {
    java.util.Set<String> all = new java.util.TreeSet<>();
    a.forEach(all::add);
    b.forEach(all::add);
    return List.copyOf(all);
  }

  private static Order order(LedgerBooks books, String orderId) {
    try {
      return books.orders().get(UUID.fromString(orderId));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
