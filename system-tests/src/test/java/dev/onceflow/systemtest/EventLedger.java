package dev.onceflow.systemtest;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.payment.PaymentEvents;
import dev.onceflow.systemtest.LedgerBooks.Inbox;
import dev.onceflow.systemtest.LedgerBooks.Order;
import dev.onceflow.systemtest.LedgerBooks.Payment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The events part of the ledger, for both outboxes: the databases' committed state implies the
 * events each topic must hold (the order's row its {@code OrderPlaced} and the decisions its status
 * and version record, the payment's row its {@code PaymentAuthorized} or {@code PaymentDeclined}
 * and its {@code PaymentRefunded}), and what a {@code read_committed} consumer finds there must be
 * exactly those, once each, in per-aggregate order; each consumer's inbox must have applied each
 * event of its topic once.
 */
final class EventLedger {

  /** The event topics and what their rows are called in the ledger. */
  static final Map<String, String> TOPICS =
      Map.of(OnceflowTopics.ORDER_EVENTS, "order", OnceflowTopics.PAYMENT_EVENTS, "payment");

  private final LedgerRows rows = new LedgerRows();

  /** {@code topic} → {@code key/sequence} → event type, for every event the databases imply. */
  private final Map<String, Map<String, String>> implied = new LinkedHashMap<>();

  private EventLedger() {}

  static LedgerRows balance(LedgerBooks books) {
    EventLedger ledger = new EventLedger();
    ledger.implied.put(OnceflowTopics.ORDER_EVENTS, orderEvents(books.orders().values()));
    ledger.implied.put(OnceflowTopics.PAYMENT_EVENTS, paymentEvents(books.payments()));
    for (Map.Entry<String, Map<String, String>> topic : ledger.implied.entrySet()) {
      List<EventRecord> records =
          books.records().stream().filter(r -> r.topic().equals(topic.getKey())).toList();
      ledger.checkTopic(TOPICS.get(topic.getKey()), topic.getValue(), records);
    }
    ledger.rows.zero("event_records_unknown_topic", "records on an event topic nobody implies");
    for (EventRecord record : books.records()) {
      if (!TOPICS.containsKey(record.topic())) {
        ledger.rows.violation("event_records_unknown_topic", record.toString());
      }
    }
    for (Inbox inbox : Inbox.values()) {
      ledger.checkInbox(inbox, books.inboxes().getOrDefault(inbox, Map.of()), books.records());
    }
    ledger.checkRelayDeadLetters(books.relayDeadLetters(), books.oversizedEvents());
    return ledger.rows;
  }

  /**
   * What an order's row implies: {@code OrderPlaced} (1); a decision (2) if CONFIRMED, REJECTED, or
   * CANCELLED after a confirmation (version 3); {@code OrderCancelled} at the row's version.
   */
  static Map<String, String> orderEvents(Iterable<Order> orders) {
    Map<String, String> events = new HashMap<>();
    for (Order order : orders) {
      String id = order.id().toString();
      events.put(id + "/1", OrderEvents.ORDER_PLACED);
      switch (order.status()) {
        case SagaLedger.CONFIRMED -> events.put(id + "/2", OrderEvents.ORDER_CONFIRMED);
        case SagaLedger.REJECTED -> events.put(id + "/2", OrderEvents.ORDER_REJECTED);
        case SagaLedger.CANCELLED -> {
          if (order.version() >= 3) {
            events.put(id + "/2", OrderEvents.ORDER_CONFIRMED);
          }
          events.put(id + "/" + order.version(), OrderEvents.ORDER_CANCELLED);
        }
        default -> {
          // PLACED: only OrderPlaced (the saga ledger counts an order left undecided).
        }
      }
    }
    return events;
  }

  /** What a payment's row implies: its decision (1) and, once refunded, its refund (2). */
  static Map<String, String> paymentEvents(Iterable<Payment> payments) {
    Map<String, String> events = new HashMap<>();
    for (Payment payment : payments) {
      String id = payment.orderId();
      switch (payment.status()) {
        case SagaLedger.DECLINED -> events.put(id + "/1", PaymentEvents.PAYMENT_DECLINED);
        case SagaLedger.AUTHORIZED -> events.put(id + "/1", PaymentEvents.PAYMENT_AUTHORIZED);
        case SagaLedger.REFUNDED -> {
          events.put(id + "/1", PaymentEvents.PAYMENT_AUTHORIZED);
          events.put(id + "/2", PaymentEvents.PAYMENT_REFUNDED);
        }
        default -> events.put(id + "/1", "unknown payment status " + payment.status());
      }
    }
    return events;
  }

  /** Kafka against the implied events: lost, phantoms, duplicates, order. */
  private void checkTopic(String name, Map<String, String> expected, List<EventRecord> records) {
    String lost = name + "_events_lost";
    String phantom = name + "_events_phantom";
    String sameId = name + "_records_duplicate_event_id";
    String otherId = name + "_events_duplicate_other_id";
    String regressions = name + "_sequence_regressions";
    String split = name + "_keys_in_several_partitions";
    rows.total(name + "_events", name + " events the databases imply", expected.size());
    rows.total(name + "_records", name + " records in Kafka (read_committed)", records.size());
    rows.zero(lost, name + " events lost (implied, not in Kafka)");
    rows.zero(phantom, name + " events no committed row implies");
    rows.zeroWhenExactlyOnce(sameId, name + " records duplicated (same event id)");
    rows.zero(otherId, name + " events published under two event ids");
    rows.zeroWhenExactlyOnce(regressions, name + " per-aggregate order violations");
    rows.zero(split, name + " keys in several partitions");

    Map<String, Integer> recordsPerId = new HashMap<>();
    Map<String, Set<String>> idsPerEvent = new HashMap<>();
    for (EventRecord record : records) {
      recordsPerId.merge(String.valueOf(record.eventId()), 1, Integer::sum);
      idsPerEvent
          .computeIfAbsent(record.aggregateEvent(), k -> new HashSet<>())
          .add(String.valueOf(record.eventId()));
    }
    recordsPerId.forEach((id, n) -> rows.violation(sameId, n - 1, "event id " + id + " x" + n));
    idsPerEvent.forEach(
        (event, ids) -> rows.violation(otherId, ids.size() - 1, event + " under ids " + ids));
    expected.forEach(
        (event, type) -> {
          if (!idsPerEvent.containsKey(event)) {
            rows.violation(lost, event + " (" + type + ")");
          }
        });
    Set<String> reported = new HashSet<>();
    for (EventRecord record : records) {
      if (!Objects.equals(record.eventType(), expected.get(record.aggregateEvent()))
          && reported.add(record.aggregateEvent())) {
        rows.violation(
            phantom,
            record.aggregateEvent() + " " + record.eventType() + " id " + record.eventId());
      }
    }
    checkOrder(records, regressions, split);
  }

  /** Per key, in partition order, sequences strictly increase; a key stays in its partition. */
  private void checkOrder(List<EventRecord> records, String regressions, String split) {
    Map<String, Long> last = new HashMap<>();
    Map<String, Integer> partitionOfKey = new HashMap<>();
    for (EventRecord record : records) {
      Integer partition = partitionOfKey.putIfAbsent(record.key(), record.partition());
      if (partition != null && partition != record.partition()) {
        rows.violation(
            split, record.key() + " in partitions " + partition + ", " + record.partition());
      }
      Long previous = last.get(record.key());
      if (previous != null && record.sequence() <= previous) {
        rows.violation(
            regressions, record.key() + " sequence " + record.sequence() + " after " + previous);
      }
      last.merge(record.key(), record.sequence(), Math::max);
    }
  }

  /**
   * Every implied event of the inbox's topic that reached Kafka was applied (a processed entry),
   * and the inbox holds no entry for an event nobody implies.
   */
  private void checkInbox(Inbox inbox, Map<UUID, Boolean> entries, List<EventRecord> records) {
    String withoutEffect = inbox.consumer + "_events_not_applied";
    String strangers = inbox.consumer + "_inbox_entries_unexplained";
    rows.total(
        inbox.consumer + "_inbox_entries", inbox.consumer + " inbox entries", entries.size());
    rows.zero(withoutEffect, inbox.consumer + ": events not applied");
    rows.zero(strangers, inbox.consumer + ": inbox entries of no implied event");
    Map<String, String> expected = implied.get(inbox.topic);
    Set<UUID> publishedAndImplied = new HashSet<>();
    for (EventRecord record : records) {
      if (record.topic().equals(inbox.topic)
          && record.eventId() != null
          && expected.containsKey(record.aggregateEvent())) {
        publishedAndImplied.add(UUID.fromString(record.eventId()));
      }
    }
    for (UUID id : publishedAndImplied) {
      if (!Boolean.TRUE.equals(entries.get(id))) {
        rows.violation(withoutEffect, "event " + id + " (no processed inbox entry)");
      }
    }
    for (UUID id : entries.keySet()) {
      if (!publishedAndImplied.contains(id)) {
        rows.violation(strangers, "inbox entry " + id);
      }
    }
  }

  /**
   * Each oversized event on the relays' dead-letter topic exactly once, and nothing else there: a
   * relay dead-letters only what Kafka refused, never its neighbours.
   */
  private void checkRelayDeadLetters(List<EventRecord> deadLettered, Set<String> oversized) {
    rows.total("oversized_events_injected", "oversized events injected", oversized.size());
    rows.total("relay_dead_letters", "relay dead letters", deadLettered.size());
    rows.zero("oversized_events_lost", "oversized events not dead-lettered");
    rows.zeroWhenExactlyOnce(
        "relay_dead_letters_duplicate", "oversized events dead-lettered twice");
    rows.zero("relay_dead_letters_unexpected", "relay dead letters nobody injected");
    Map<String, Integer> copies = new HashMap<>();
    for (EventRecord record : deadLettered) {
      copies.merge(String.valueOf(record.eventId()), 1, Integer::sum);
      if (!oversized.contains(record.eventId())) {
        rows.violation(
            "relay_dead_letters_unexpected", record.aggregateEvent() + " id " + record.eventId());
      }
    }
    for (String id : new ArrayList<>(oversized)) {
      int n = copies.getOrDefault(id, 0);
      if (n == 0) {
        rows.violation("oversized_events_lost", "oversized event " + id);
      }
      rows.violation("relay_dead_letters_duplicate", n - 1, "oversized event " + id + " x" + n);
    }
  }
}
