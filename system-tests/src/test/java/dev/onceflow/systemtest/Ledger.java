package dev.onceflow.systemtest;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The scenario's books, balanced after the drain. The orders database's committed state is the
 * truth: every order row implies an {@code OrderPlaced} (sequence 1), every cancelled one an {@code
 * OrderCancelled} (sequence 2). Against it the ledger counts what reached Kafka (read with {@code
 * read_committed}), what the consumer did in the fulfillment database, and what the REST API had
 * acknowledged or refused.
 *
 * <ul>
 *   <li><b>lost</b>: an implied event missing from Kafka, or an acknowledged order or cancellation
 *       missing from the database;
 *   <li><b>phantom events</b>: a Kafka event no committed order implies (a rolled-back
 *       transaction), or anything written for a refused request;
 *   <li><b>duplicate Kafka records</b>: records beyond the first with the same event id, plus
 *       further event ids for the same aggregate and sequence;
 *   <li><b>duplicate / lost / phantom effects</b>: per-customer counters, shipments and inbox
 *       entries compared with what the orders imply;
 *   <li><b>order violations</b>: per key, in partition order, a sequence not above the previous
 *       one, or a key found in two partitions;
 *   <li><b>relay dead letters</b>: events injected into the outbox that Kafka can never accept
 *       (oversized) must each be on the relay's dead-letter topic exactly once (missing counts as
 *       lost, extra copies as duplicates); any other record there is unexpected.
 * </ul>
 */
final class Ledger {

  /** The consumer's name in the inbox table (its default). */
  static final String CONSUMER = "fulfillment";

  /** An order as committed. */
  record Order(UUID id, String customerId, boolean cancelled, BigDecimal total) {}

  /** A shipment as the consumer left it. */
  record Shipment(String customerId, String status, long lastSequence, BigDecimal total) {}

  /** A customer's counters as the consumer left them. */
  record Stats(long placed, long cancelled, BigDecimal amount) {}

  private final Map<String, Object> values = new LinkedHashMap<>();
  private final List<String> findings = new ArrayList<>();

  /** {@code orderId/sequence} → event type, for every event the committed orders imply. */
  private final Map<String, String> implied = new HashMap<>();

  long events;
  long kafkaRecords;
  long lost;
  long phantomEvents;
  long duplicateKafkaRecords;
  long duplicateEffects;
  long lostEffects;
  long phantomEffects;
  long effectMismatches;
  long orderViolations;
  long deadLetters;
  long relayDeadLetters;
  long unexpectedRelayDeadLetters;
  long parked;
  long unexpectedResponses;
  long idempotencyViolations;

  private Ledger() {}

  /**
   * Everything the ledger compares, read after the drain.
   *
   * @param orders the orders database's committed orders
   * @param idempotencyKeys the keys the orders database stored
   * @param records every committed record of the event topics, in partition and offset order
   * @param inbox the consumer's inbox: event id → whether its effect was applied (not parked)
   * @param shipments the consumer's shipments by order id
   * @param stats the consumer's per-customer counters
   * @param parked events the consumer still holds back
   * @param deadLetters dead-letter rows plus records on the dead-letter topic
   * @param relayDeadLetters every committed record of the relay's dead-letter topic
   * @param oversizedEvents ids of the events injected into the outbox that Kafka must refuse
   */
  record Books(
      Map<UUID, Order> orders,
      Set<String> idempotencyKeys,
      List<EventRecord> records,
      Map<UUID, Boolean> inbox,
      Map<String, Shipment> shipments,
      Map<String, Stats> stats,
      long parked,
      long deadLetters,
      List<EventRecord> relayDeadLetters,
      Set<String> oversizedEvents) {}

  /** Reads the books: both databases, the dead-letter topic's size, the relay's dead letters. */
  static Books read(
      Infrastructure infrastructure, List<EventRecord> records, Set<String> oversizedEvents)
      throws SQLException {
    Map<UUID, Order> orders;
    Set<String> keys;
    try (Connection connection = infrastructure.connect(Infrastructure.ORDERS_DATABASE)) {
      orders = orders(connection);
      keys = strings(connection, "SELECT idempotency_key FROM order_idempotency_key");
    }
    try (Connection connection = infrastructure.connect(Infrastructure.FULFILLMENT_DATABASE)) {
      long deadLetterRecords =
          EventRecord.countAll(infrastructure.bootstrapServers(), OnceflowTopics.DEAD_LETTERS);
      return new Books(
          orders,
          keys,
          records,
          inbox(connection),
          shipments(connection),
          stats(connection),
          count(connection, "SELECT count(*) FROM inbox_parked_event"),
          count(connection, "SELECT count(*) FROM inbox_dead_letter") + deadLetterRecords,
          EventRecord.readAll(
              infrastructure.bootstrapServers(), List.of(OnceflowTopics.RELAY_DEAD_LETTERS)),
          Set.copyOf(oversizedEvents));
    }
  }

  /** Balances {@code books} against what the API answered. */
  static Ledger balance(Books books, RequestLog requests) {
    Ledger ledger = new Ledger();
    ledger.checkEvents(books.orders(), books.records());
    ledger.checkRequests(books.orders(), books.idempotencyKeys(), books.records(), requests);
    ledger.checkEffects(
        books.orders(), books.records(), books.inbox(), books.shipments(), books.stats(), requests);
    ledger.checkOrder(books.records());
    ledger.checkRelayDeadLetters(books.relayDeadLetters(), books.oversizedEvents());
    ledger.parked = books.parked();
    ledger.deadLetters = books.deadLetters();
    if (ledger.deadLetters > 0) {
      ledger.finding(ledger.deadLetters + " dead letters (rows and topic records)");
    }
    if (ledger.parked > 0) {
      ledger.finding(ledger.parked + " events still parked");
    }
    ledger.values.put("orders", books.orders().size());
    ledger.values.put(
        "orders_cancelled", books.orders().values().stream().filter(Order::cancelled).count());
    ledger.values.put("customers", books.stats().size());
    return ledger;
  }

  /** Kafka against the committed orders: lost, phantoms, duplicates. */
  private void checkEvents(Map<UUID, Order> orders, List<EventRecord> records) {
    Map<String, String> expected = implied;
    for (Order order : orders.values()) {
      expected.put(order.id() + "/1", OrderEvents.ORDER_PLACED);
      if (order.cancelled()) {
        expected.put(order.id() + "/2", OrderEvents.ORDER_CANCELLED);
      }
    }
    events = expected.size();
    kafkaRecords = records.size();

    Map<String, Integer> recordsPerId = new HashMap<>();
    Map<String, Set<String>> idsPerAggregateEvent = new HashMap<>();
    for (EventRecord record : records) {
      recordsPerId.merge(String.valueOf(record.eventId()), 1, Integer::sum);
      idsPerAggregateEvent
          .computeIfAbsent(record.aggregateEvent(), k -> new HashSet<>())
          .add(String.valueOf(record.eventId()));
    }
    long sameId = recordsPerId.values().stream().mapToLong(n -> n - 1).sum();
    long otherIds = idsPerAggregateEvent.values().stream().mapToLong(ids -> ids.size() - 1).sum();
    duplicateKafkaRecords = sameId + otherIds;
    values.put("duplicate_records_same_event_id", sameId);
    values.put("duplicate_events_other_event_id", otherIds);
    if (otherIds > 0) {
      finding(otherIds + " aggregate events published under more than one event id");
    }

    long missing = 0;
    for (String event : expected.keySet()) {
      if (!idsPerAggregateEvent.containsKey(event)) {
        missing++;
        sample("lost in Kafka: " + event + " (" + expected.get(event) + ")", missing);
      }
    }
    lost += missing;
    values.put("lost_in_kafka", missing);

    long unexplained = 0;
    Set<String> reported = new HashSet<>();
    for (EventRecord record : records) {
      String type = expected.get(record.aggregateEvent());
      if (!java.util.Objects.equals(record.eventType(), type)
          && reported.add(record.aggregateEvent())) {
        unexplained++;
        sample(
            "event not implied by any committed order: "
                + record.aggregateEvent()
                + " "
                + record.eventType()
                + " id "
                + record.eventId(),
            unexplained);
      }
    }
    phantomEvents += unexplained;
    values.put("phantom_events_in_kafka", unexplained);
  }

  /** The API's acknowledgements and refusals against the committed state. */
  private void checkRequests(
      Map<UUID, Order> orders, Set<String> keys, List<EventRecord> records, RequestLog requests) {
    long missingOrders = 0;
    for (Map.Entry<String, UUID> created : requests.createdByKey().entrySet()) {
      if (!orders.containsKey(created.getValue())) {
        missingOrders++;
        sample("acknowledged order missing: " + created, missingOrders);
      }
    }
    long missingCancels = 0;
    for (UUID cancelled : requests.acknowledgedCancels()) {
      Order order = orders.get(cancelled);
      if (order == null || !order.cancelled()) {
        missingCancels++;
        sample("acknowledged cancellation missing: " + cancelled, missingCancels);
      }
    }
    lost += missingOrders + missingCancels;
    values.put("acknowledged_orders_missing", missingOrders);
    values.put("acknowledged_cancellations_missing", missingCancels);

    Set<String> refusedCustomers = requests.rejectedCustomers();
    long written = 0;
    for (Order order : orders.values()) {
      if (refusedCustomers.contains(order.customerId())
          || order.customerId().startsWith("reject-")) {
        written++;
        sample("order of a refused request: " + order, written);
      }
    }
    for (String key : requests.rejectedKeys()) {
      if (keys.contains(key)) {
        written++;
        sample("idempotency key of a refused request stored: " + key, written);
      }
    }
    for (EventRecord record : records) {
      if (record.customerId() != null
          && (refusedCustomers.contains(record.customerId())
              || record.customerId().startsWith("reject-"))) {
        written++;
        sample("event of a refused request: " + record, written);
      }
    }
    phantomEvents += written;
    values.put("refused_requests_written", written);
    unexpectedResponses = requests.unexpected();
    idempotencyViolations = requests.idempotencyViolations();
    requests.problems().forEach(this::finding);
  }

  /** The fulfillment database against the orders: one effect per event, no more, no less. */
  private void checkEffects(
      Map<UUID, Order> orders,
      List<EventRecord> records,
      Map<UUID, Boolean> inbox,
      Map<String, Shipment> shipments,
      Map<String, Stats> stats,
      RequestLog requests) {
    Set<UUID> publishedAndImplied = new HashSet<>();
    for (EventRecord record : records) {
      if (record.eventId() != null) {
        UUID id = UUID.fromString(record.eventId());
        if (implied.containsKey(record.aggregateEvent())) {
          publishedAndImplied.add(id);
        }
      }
    }
    long unapplied = 0;
    for (UUID id : publishedAndImplied) {
      if (!Boolean.TRUE.equals(inbox.get(id))) {
        unapplied++;
        sample("event not applied (no processed inbox entry): " + id, unapplied);
      }
    }
    // An inbox entry for an event no committed order implies: the effect of a phantom.
    long strangers =
        inbox.keySet().stream().filter(id -> !publishedAndImplied.contains(id)).count();
    lostEffects += unapplied;
    phantomEffects += strangers;

    Map<String, Stats> expectedStats = new HashMap<>();
    for (Order order : orders.values()) {
      expectedStats.merge(
          order.customerId(),
          new Stats(1, order.cancelled() ? 1 : 0, order.total()),
          (a, b) ->
              new Stats(a.placed + b.placed, a.cancelled + b.cancelled, a.amount.add(b.amount)));
      Shipment shipment = shipments.get(order.id().toString());
      if (shipment == null) {
        lostEffects++;
        sample("no shipment for order " + order.id(), lostEffects);
        continue;
      }
      boolean cancelled = "CANCELLED".equals(shipment.status());
      long sequence = order.cancelled() ? 2 : 1;
      if (order.cancelled() && !cancelled) {
        lostEffects++;
        sample("shipment of cancelled order " + order.id() + " not cancelled", lostEffects);
      } else if (!order.cancelled() && cancelled) {
        phantomEffects++;
      } else if (shipment.lastSequence() != sequence
          || shipment.total().compareTo(order.total()) != 0
          || !shipment.customerId().equals(order.customerId())) {
        effectMismatches++;
        sample("shipment differs from its order: " + order + " vs " + shipment, effectMismatches);
      }
    }
    for (String orderId : shipments.keySet()) {
      if (!orders.containsKey(UUID.fromString(orderId))) {
        phantomEffects++;
        sample("shipment without a committed order: " + orderId, phantomEffects);
      }
    }
    for (Map.Entry<String, Stats> actual : stats.entrySet()) {
      Stats expected =
          expectedStats.getOrDefault(actual.getKey(), new Stats(0, 0, BigDecimal.ZERO));
      Stats is = actual.getValue();
      duplicateEffects +=
          Math.max(0, is.placed - expected.placed) + Math.max(0, is.cancelled - expected.cancelled);
      lostEffects +=
          Math.max(0, expected.placed - is.placed) + Math.max(0, expected.cancelled - is.cancelled);
      if (is.placed == expected.placed && is.amount.compareTo(expected.amount) != 0) {
        effectMismatches++;
      }
      if (is.placed != expected.placed || is.cancelled != expected.cancelled) {
        sample("counters of " + actual.getKey() + ": " + is + ", orders imply " + expected, 1);
      }
    }
    for (Map.Entry<String, Stats> expected : expectedStats.entrySet()) {
      if (!stats.containsKey(expected.getKey())) {
        lostEffects += expected.getValue().placed + expected.getValue().cancelled;
        sample("no counters for " + expected.getKey(), 1);
      }
    }
    for (String customer : stats.keySet()) {
      if (requests.rejectedCustomers().contains(customer) || customer.startsWith("reject-")) {
        phantomEffects++;
      }
    }
    values.put("inbox_entries", inbox.size());
    values.put("events_without_effect", unapplied);
    values.put("inbox_entries_without_implied_event", strangers);
  }

  /** Per key, in partition order, sequences strictly increase; a key stays in its partition. */
  private void checkOrder(List<EventRecord> records) {
    Map<String, Long> last = new HashMap<>();
    Map<String, Integer> partitionOfKey = new HashMap<>();
    long regressions = 0;
    long backwards = 0;
    long split = 0;
    for (EventRecord record : records) {
      String key = record.topic() + "/" + record.key();
      Integer partition = partitionOfKey.putIfAbsent(key, record.partition());
      if (partition != null && partition != record.partition()) {
        split++;
      }
      Long previous = last.get(key);
      if (previous != null && record.sequence() <= previous) {
        regressions++;
        if (record.sequence() < previous) {
          backwards++;
        }
        sample(
            "order violation: " + key + " sequence " + record.sequence() + " after " + previous,
            regressions);
      }
      last.merge(key, record.sequence(), Math::max);
    }
    orderViolations = regressions + split;
    values.put("order_violations_going_backwards", backwards);
    values.put("keys_in_several_partitions", split);
  }

  /**
   * Each oversized event on the relay's dead-letter topic exactly once, and nothing else there: the
   * relay dead-letters only what Kafka refused, never its neighbours.
   */
  private void checkRelayDeadLetters(List<EventRecord> deadLettered, Set<String> oversized) {
    relayDeadLetters = deadLettered.size();
    Map<String, Integer> copies = new HashMap<>();
    for (EventRecord record : deadLettered) {
      copies.merge(String.valueOf(record.eventId()), 1, Integer::sum);
      if (!oversized.contains(record.eventId())) {
        unexpectedRelayDeadLetters++;
        sample(
            "unexpected relay dead letter: " + record.aggregateEvent() + " id " + record.eventId(),
            unexpectedRelayDeadLetters);
      }
    }
    long missing = 0;
    for (String id : oversized) {
      int n = copies.getOrDefault(id, 0);
      if (n == 0) {
        missing++;
        sample("oversized event " + id + " not on the relay's dead-letter topic", missing);
      }
      duplicateKafkaRecords += Math.max(0, n - 1);
    }
    lost += missing;
    values.put("oversized_events_injected", oversized.size());
    values.put("oversized_events_lost", missing);
  }

  /** Whether nothing was lost, duplicated (in effects), invented or broken. */
  boolean effectsExact() {
    return lost == 0
        && phantomEvents == 0
        && duplicateEffects == 0
        && lostEffects == 0
        && phantomEffects == 0
        && effectMismatches == 0
        && deadLetters == 0
        && parked == 0
        && unexpectedResponses == 0
        && idempotencyViolations == 0;
  }

  /** The numbers, in the order they are printed and written. */
  Map<String, Object> values() {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("events", events);
    all.put("kafka_records", kafkaRecords);
    all.put("lost", lost);
    all.put("phantom_events", phantomEvents);
    all.put("duplicate_kafka_records", duplicateKafkaRecords);
    all.put("duplicate_effects", duplicateEffects);
    all.put("lost_effects", lostEffects);
    all.put("phantom_effects", phantomEffects);
    all.put("effect_mismatches", effectMismatches);
    all.put("order_violations", orderViolations);
    all.put("dead_letters", deadLetters);
    all.put("relay_dead_letters", relayDeadLetters);
    all.put("relay_dead_letters_unexpected", unexpectedRelayDeadLetters);
    all.put("parked", parked);
    all.put("unexpected_responses", unexpectedResponses);
    all.put("idempotency_violations", idempotencyViolations);
    all.putAll(values);
    return all;
  }

  /** The first few discrepancies, to start an investigation from. */
  List<String> findings() {
    return List.copyOf(findings);
  }

  private void sample(String finding, long nth) {
    if (nth <= 5) {
      finding(finding);
    }
  }

  private void finding(String finding) {
    if (findings.size() < 50) {
      findings.add(finding);
    }
  }

  private static Map<UUID, Order> orders(Connection connection) throws SQLException {
    Map<UUID, Order> orders = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT id, customer_id, status, total FROM orders")) {
      while (rows.next()) {
        UUID id = rows.getObject(1, UUID.class);
        orders.put(
            id,
            new Order(
                id,
                rows.getString(2),
                "CANCELLED".equals(rows.getString(3)),
                rows.getBigDecimal(4)));
      }
    }
    return orders;
  }

  private static Map<UUID, Boolean> inbox(Connection connection) throws SQLException {
    Map<UUID, Boolean> inbox = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT event_id, processed_at IS NOT NULL FROM inbox_event WHERE consumer = '"
                    + CONSUMER
                    + "'")) {
      while (rows.next()) {
        inbox.put(rows.getObject(1, UUID.class), rows.getBoolean(2));
      }
    }
    return inbox;
  }

  private static Map<String, Shipment> shipments(Connection connection) throws SQLException {
    Map<String, Shipment> shipments = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT order_id, customer_id, status, last_sequence, total FROM shipment")) {
      while (rows.next()) {
        shipments.put(
            rows.getString(1),
            new Shipment(
                rows.getString(2), rows.getString(3), rows.getLong(4), rows.getBigDecimal(5)));
      }
    }
    return shipments;
  }

  private static Map<String, Stats> stats(Connection connection) throws SQLException {
    Map<String, Stats> stats = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT customer_id, orders_placed, orders_cancelled, total_amount"
                    + " FROM customer_stats")) {
      while (rows.next()) {
        stats.put(
            rows.getString(1), new Stats(rows.getLong(2), rows.getLong(3), rows.getBigDecimal(4)));
      }
    }
    return stats;
  }

  private static Set<String> strings(Connection connection, String query) throws SQLException {
    Set<String> values = new HashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private static long count(Connection connection, String query) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
