package dev.onceflow.systemtest;

import dev.onceflow.systemtest.LedgerBooks.Order;
import dev.onceflow.systemtest.LedgerRows.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The scenario's books, balanced after the drain: the {@link EventLedger events part} (both
 * outboxes against Kafka and the inboxes), the {@link SagaLedger saga part} (every order's terminal
 * state against its payment and shipment), and the client's side: what the REST API acknowledged or
 * refused against what the orders database committed. Every count but the totals must be zero.
 */
final class Ledger {

  private final LedgerRows rows = new LedgerRows();

  private Ledger() {}

  /** Balances {@code books} against what the API answered. */
  static Ledger balance(LedgerBooks books, RequestLog requests) {
    Ledger ledger = new Ledger();
    ledger.rows.addAll(SagaLedger.balance(books));
    ledger.rows.addAll(EventLedger.balance(books));
    ledger.checkRequests(books, requests);
    ledger.rows.zero("dead_letters", "dead letters (rows and topic records)");
    ledger.rows.violation(
        "dead_letters", books.deadLetters(), books.deadLetters() + " dead letters");
    ledger.rows.zero("parked", "events still parked");
    ledger.rows.violation("parked", books.parked(), books.parked() + " events still parked");
    return ledger;
  }

  /** The API's acknowledgements and refusals against the committed state. */
  private void checkRequests(LedgerBooks books, RequestLog requests) {
    Map<UUID, Order> orders = books.orders();
    rows.zero("acknowledged_orders_missing", "acknowledged orders missing");
    rows.zero("acknowledged_cancellations_missing", "acknowledged cancellations missing");
    rows.zero("refused_cancellations_not_rejected", "cancellations refused of orders not REJECTED");
    rows.zero("refused_requests_written", "refused requests that wrote something");
    rows.zero("unexpected_responses", "API answers outside its contract");
    rows.zero("idempotency_violations", "idempotency violations");
    requests
        .createdByKey()
        .forEach(
            (key, id) -> {
              if (!orders.containsKey(id)) {
                rows.violation("acknowledged_orders_missing", key + " → " + id);
              }
            });
    for (UUID id : requests.acknowledgedCancels()) {
      Order order = orders.get(id);
      if (order == null || !SagaLedger.CANCELLED.equals(order.status())) {
        rows.violation("acknowledged_cancellations_missing", id + ": " + order);
      }
    }
    for (UUID id : requests.refusedCancels()) {
      Order order = orders.get(id);
      if (order == null || !SagaLedger.REJECTED.equals(order.status())) {
        rows.violation("refused_cancellations_not_rejected", id + ": " + order);
      }
    }
    Set<String> refused = requests.rejectedCustomers();
    String written = "refused_requests_written";
    for (Order order : orders.values()) {
      if (refused(refused, order.customerId())) {
        rows.violation(written, "order " + order);
      }
    }
    for (String key : requests.rejectedKeys()) {
      if (books.idempotencyKeys().contains(key)) {
        rows.violation(written, "idempotency key stored: " + key);
      }
    }
    for (EventRecord record : books.records()) {
      if (record.customerId() != null && refused(refused, record.customerId())) {
        rows.violation(written, "event " + record);
      }
    }
    for (String customer : books.stats().keySet()) {
      if (refused(refused, customer)) {
        rows.violation(written, "counters of " + customer);
      }
    }
    rows.violation("unexpected_responses", requests.unexpected(), "see the problems below");
    rows.violation(
        "idempotency_violations", requests.idempotencyViolations(), "see the problems below");
    requests.problems().forEach(problem -> rows.finding("request: " + problem));
  }

  private static boolean refused(Set<String> refusedCustomers, String customer) {
    return refusedCustomers.contains(customer) || customer.startsWith("reject-");
  }

  /** Every row, totals and violations, in the order the parts produced them. */
  List<Row> rows() {
    return rows.rows();
  }

  /** The count of row {@code key}. */
  long count(String key) {
    return rows.count(key);
  }

  /**
   * The rows that must be zero and are not, for a relay delivering exactly once ({@code true}) or
   * at least once (duplicate records and per-aggregate order violations then allowed).
   */
  List<Row> violations(boolean exactlyOnce) {
    return rows().stream().filter(row -> row.violated(exactlyOnce)).toList();
  }

  /** Whether nothing was lost, invented, applied twice or left inconsistent. */
  boolean effectsExact() {
    return violations(false).isEmpty();
  }

  /** Kafka records duplicated by delivery, on both topics and the relays' dead-letter topic. */
  long duplicateKafkaRecords() {
    return rows().stream()
        .filter(row -> row.rule() == LedgerRows.Rule.ZERO_EXACTLY_ONCE)
        .filter(row -> !row.key().endsWith("_sequence_regressions"))
        .mapToLong(Row::count)
        .sum();
  }

  /** Every count by its stable key, for {@code ledger.json}. */
  Map<String, Object> values() {
    Map<String, Object> values = new LinkedHashMap<>();
    rows().forEach(row -> values.put(row.key(), row.count()));
    return values;
  }

  /** The first few discrepancies, to start an investigation from. */
  List<String> findings() {
    return rows.findings();
  }
}
