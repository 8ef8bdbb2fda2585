package dev.onceflow.systemtest;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.payment.PaymentEvents;
import dev.onceflow.systemtest.LedgerBooks.Inbox;
import dev.onceflow.systemtest.LedgerBooks.Order;
import dev.onceflow.systemtest.LedgerBooks.Payment;
import dev.onceflow.systemtest.LedgerBooks.Shipment;
import dev.onceflow.systemtest.LedgerBooks.Stats;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Hand-made books of a saga that went right, for the ledger's unit tests to break one thing at a
 * time: one customer, four orders, one per way a saga ends — {@link #confirmed} (authorised,
 * shipped), {@link #rejected} (declined above the limit), {@link #cancelledAfterConfirmation}
 * (authorised, shipped, then cancelled and refunded) and {@link #cancelledWhilePlaced} (declined,
 * the cancellation first) — with every event in Kafka once, applied once by each inbox.
 */
final class BalancedBooks {

  static final String CUSTOMER = "customer-1";
  static final Instant CANCELLED_AT = Instant.parse("2026-12-06T10:00:00Z");

  final UUID confirmed = UUID.randomUUID();
  final UUID rejected = UUID.randomUUID();
  final UUID cancelledAfterConfirmation = UUID.randomUUID();
  final UUID cancelledWhilePlaced = UUID.randomUUID();

  final Map<UUID, Order> orders = new HashMap<>();
  final Set<String> keys = new HashSet<>();
  final List<Payment> payments = new ArrayList<>();
  final List<EventRecord> records = new ArrayList<>();
  final Map<Inbox, Map<UUID, Boolean>> inboxes = new EnumMap<>(Inbox.class);
  final Map<String, Shipment> shipments = new HashMap<>();
  final Map<String, Stats> stats = new HashMap<>();
  final List<EventRecord> relayDeadLetters = new ArrayList<>();
  final Set<String> oversized = new HashSet<>();
  final RequestLog requests = new RequestLog();
  long parked;
  long deadLetters;

  private final Map<String, Integer> partitions = new HashMap<>();
  private final Map<String, Long> nextOffsets = new HashMap<>();

  BalancedBooks() {
    for (Inbox inbox : Inbox.values()) {
      inboxes.put(inbox, new HashMap<>());
    }
    order(confirmed, SagaLedger.CONFIRMED, 2, "10.00", null);
    payment(confirmed, SagaLedger.AUTHORIZED, "10.00", null);
    shipment(confirmed, SagaLedger.SHIPPED, 2, "10.00", true);
    publish(confirmed, OrderEvents.ORDER_PLACED, OrderEvents.ORDER_CONFIRMED);
    publishPayment(confirmed, PaymentEvents.PAYMENT_AUTHORIZED);

    order(rejected, SagaLedger.REJECTED, 2, "1500.00", null);
    payment(rejected, SagaLedger.DECLINED, "1500.00", null);
    shipment(rejected, SagaLedger.REJECTED, 2, "1500.00", false);
    publish(rejected, OrderEvents.ORDER_PLACED, OrderEvents.ORDER_REJECTED);
    publishPayment(rejected, PaymentEvents.PAYMENT_DECLINED);

    order(cancelledAfterConfirmation, SagaLedger.CANCELLED, 3, "2.50", CANCELLED_AT);
    payment(cancelledAfterConfirmation, SagaLedger.REFUNDED, "2.50", CANCELLED_AT.plusMillis(5));
    shipment(cancelledAfterConfirmation, SagaLedger.CANCELLED, 3, "2.50", true);
    publish(
        cancelledAfterConfirmation,
        OrderEvents.ORDER_PLACED,
        OrderEvents.ORDER_CONFIRMED,
        OrderEvents.ORDER_CANCELLED);
    publishPayment(
        cancelledAfterConfirmation,
        PaymentEvents.PAYMENT_AUTHORIZED,
        PaymentEvents.PAYMENT_REFUNDED);

    order(cancelledWhilePlaced, SagaLedger.CANCELLED, 2, "1200.00", CANCELLED_AT);
    payment(cancelledWhilePlaced, SagaLedger.DECLINED, "1200.00", null);
    shipment(cancelledWhilePlaced, SagaLedger.CANCELLED, 2, "1200.00", false);
    publish(cancelledWhilePlaced, OrderEvents.ORDER_PLACED, OrderEvents.ORDER_CANCELLED);
    publishPayment(cancelledWhilePlaced, PaymentEvents.PAYMENT_DECLINED);

    stats.put(CUSTOMER, new Stats(4, 2, new BigDecimal("2712.50")));
    requests.cancelled(cancelledAfterConfirmation);
    requests.cancelled(cancelledWhilePlaced);
  }

  LedgerBooks books() {
    return new LedgerBooks(
        orders,
        keys,
        payments,
        records,
        inboxes,
        shipments,
        stats,
        parked,
        deadLetters,
        relayDeadLetters,
        oversized);
  }

  Ledger balance() {
    return Ledger.balance(books(), requests);
  }

  void order(UUID id, String status, long version, String total, Instant cancelledAt) {
    orders.put(id, new Order(id, CUSTOMER, status, version, new BigDecimal(total), cancelledAt));
    String key = "key-" + id;
    keys.add(key);
    requests.created(key, id);
  }

  void payment(UUID order, String status, String amount, Instant refundedAt) {
    payments.removeIf(p -> p.orderId().equals(order.toString()));
    payments.add(new Payment(order.toString(), status, new BigDecimal(amount), refundedAt));
  }

  void shipment(UUID order, String status, long lastSequence, String total, boolean shipped) {
    shipments.put(
        order.toString(),
        new Shipment(CUSTOMER, status, lastSequence, new BigDecimal(total), shipped));
  }

  /** The order's events, sequences 1, 2…, each applied by inbox-consumer and payment-service. */
  private void publish(UUID order, String... types) {
    for (int i = 0; i < types.length; i++) {
      EventRecord record =
          append(OnceflowTopics.ORDER_EVENTS, order, UUID.randomUUID(), types[i], i + 1);
      applied(Inbox.FULFILLMENT, record);
      applied(Inbox.PAYMENTS, record);
    }
  }

  /** The payment's events, each applied by order-service. */
  private void publishPayment(UUID order, String... types) {
    for (int i = 0; i < types.length; i++) {
      applied(
          Inbox.ORDERS,
          append(OnceflowTopics.PAYMENT_EVENTS, order, UUID.randomUUID(), types[i], i + 1));
    }
  }

  /** A record appended to the key's partition (one partition per order, in creation order). */
  EventRecord append(String topic, UUID order, UUID eventId, String type, long sequence) {
    int partition = partitions.computeIfAbsent(order.toString(), k -> partitions.size() % 4);
    return append(topic, partition, order, eventId, type, sequence);
  }

  EventRecord append(
      String topic, int partition, UUID order, UUID eventId, String type, long sequence) {
    long offset = nextOffsets.merge(topic + "-" + partition, 1L, Long::sum) - 1;
    EventRecord record =
        new EventRecord(
            topic,
            partition,
            offset,
            order.toString(),
            eventId.toString(),
            type,
            sequence,
            CUSTOMER);
    records.add(record);
    return record;
  }

  /** The record of {@code order}'s event {@code sequence} on {@code topic}. */
  EventRecord record(String topic, UUID order, long sequence) {
    return records.stream()
        .filter(r -> r.topic().equals(topic) && r.aggregateEvent().equals(order + "/" + sequence))
        .findFirst()
        .orElseThrow();
  }

  /** Removes a record from Kafka and its effects from the inboxes: as if never published. */
  void unpublish(EventRecord record) {
    records.remove(record);
    UUID id = UUID.fromString(record.eventId());
    inboxes.values().forEach(entries -> entries.remove(id));
  }

  void applied(Inbox inbox, EventRecord record) {
    inboxes.get(inbox).put(UUID.fromString(record.eventId()), true);
  }
}
