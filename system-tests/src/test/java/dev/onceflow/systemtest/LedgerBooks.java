package dev.onceflow.systemtest;

import dev.onceflow.contract.OnceflowTopics;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Everything the ledger compares, read after the drain: the order, payment and fulfillment
 * databases' committed state, every committed record of the event topics, the inboxes, and the
 * relay's dead letters.
 *
 * @param orders the orders database's committed orders by id
 * @param idempotencyKeys the keys the orders database stored
 * @param payments payment-service's payments (a list: one per order is what the ledger checks)
 * @param records every committed record of the {@code outbox.event.*} topics, in partition order
 * @param inboxes each consumer's inbox: event id → whether its effect was applied (not parked)
 * @param shipments inbox-consumer's shipments by order id
 * @param stats inbox-consumer's per-customer counters
 * @param parked events the consumers still hold back
 * @param deadLetters dead-letter rows of every consumer plus records on the dead-letter topic
 * @param relayDeadLetters every committed record of the relays' dead-letter topic
 * @param oversizedEvents ids of the events injected into the outbox that Kafka must refuse
 */
record LedgerBooks(
    Map<UUID, Order> orders,
    Set<String> idempotencyKeys,
    List<Payment> payments,
    List<EventRecord> records,
    Map<Inbox, Map<UUID, Boolean>> inboxes,
    Map<String, Shipment> shipments,
    Map<String, Stats> stats,
    long parked,
    long deadLetters,
    List<EventRecord> relayDeadLetters,
    Set<String> oversizedEvents) {

  /**
   * A consumer's inbox: its name (also its Kafka consumer group), the database that holds it and
   * the topic it consumes.
   */
  enum Inbox {
    FULFILLMENT("fulfillment", Infrastructure.FULFILLMENT_DATABASE, OnceflowTopics.ORDER_EVENTS),
    PAYMENTS("payments", Infrastructure.PAYMENTS_DATABASE, OnceflowTopics.ORDER_EVENTS),
    ORDERS("orders", Infrastructure.ORDERS_DATABASE, OnceflowTopics.PAYMENT_EVENTS);

    final String consumer;
    final String database;
    final String topic;

    Inbox(String consumer, String database, String topic) {
      this.consumer = consumer;
      this.database = database;
      this.topic = topic;
    }
  }

  /** An order as committed; {@code version} is the sequence of its last event. */
  record Order(
      UUID id,
      String customerId,
      String status,
      long version,
      BigDecimal total,
      Instant cancelledAt) {}

  /** A payment as payment-service left it. */
  record Payment(String orderId, String status, BigDecimal amount, Instant refundedAt) {}

  /** A shipment as inbox-consumer left it. */
  record Shipment(
      String customerId, String status, long lastSequence, BigDecimal total, boolean shipped) {}

  /** A customer's counters as inbox-consumer left them. */
  record Stats(long placed, long cancelled, BigDecimal amount) {}

  /** Reads the books from the three databases and Kafka. */
  static LedgerBooks read(
      Infrastructure infrastructure, List<EventRecord> records, Set<String> oversizedEvents)
      throws SQLException {
    Map<UUID, Order> orders = new HashMap<>();
    Set<String> keys = new HashSet<>();
    List<Payment> payments = new ArrayList<>();
    Map<String, Shipment> shipments = new HashMap<>();
    Map<String, Stats> stats = new HashMap<>();
    Map<Inbox, Map<UUID, Boolean>> inboxes = new HashMap<>();
    long parked = 0;
    long deadLetters =
        EventRecord.countAll(infrastructure.bootstrapServers(), OnceflowTopics.DEAD_LETTERS);
    try (Connection db = infrastructure.connect(Infrastructure.ORDERS_DATABASE)) {
      query(
          db,
          "SELECT id, customer_id, status, version, total, cancelled_at FROM orders",
          row -> {
            UUID id = row.getObject(1, UUID.class);
            orders.put(
                id,
                new Order(
                    id,
                    row.getString(2),
                    row.getString(3),
                    row.getLong(4),
                    row.getBigDecimal(5),
                    instant(row.getTimestamp(6))));
          });
      query(
          db,
          "SELECT idempotency_key FROM order_idempotency_key",
          row -> keys.add(row.getString(1)));
    }
    try (Connection db = infrastructure.connect(Infrastructure.PAYMENTS_DATABASE)) {
      query(
          db,
          "SELECT order_id, status, amount, refunded_at FROM payment",
          row ->
              payments.add(
                  new Payment(
                      row.getString(1),
                      row.getString(2),
                      row.getBigDecimal(3),
                      instant(row.getTimestamp(4)))));
    }
    try (Connection db = infrastructure.connect(Infrastructure.FULFILLMENT_DATABASE)) {
      query(
          db,
          "SELECT order_id, customer_id, status, last_sequence, total, shipped_at IS NOT NULL"
              + " FROM shipment",
          row ->
              shipments.put(
                  row.getString(1),
                  new Shipment(
                      row.getString(2),
                      row.getString(3),
                      row.getLong(4),
                      row.getBigDecimal(5),
                      row.getBoolean(6))));
      query(
          db,
          "SELECT customer_id, orders_placed, orders_cancelled, total_amount FROM customer_stats",
          row ->
              stats.put(
                  row.getString(1),
                  new Stats(row.getLong(2), row.getLong(3), row.getBigDecimal(4))));
    }
    for (Inbox inbox : Inbox.values()) {
      try (Connection db = infrastructure.connect(inbox.database)) {
        inboxes.put(inbox, inbox(db, inbox.consumer));
        parked += count(db, "SELECT count(*) FROM inbox_parked_event", inbox.consumer);
        deadLetters += count(db, "SELECT count(*) FROM inbox_dead_letter", inbox.consumer);
      }
    }
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
        EventRecord.readAll(
            infrastructure.bootstrapServers(), List.of(OnceflowTopics.RELAY_DEAD_LETTERS)),
        Set.copyOf(oversizedEvents));
  }

  /** The consumer's inbox entries: event id → processed (not parked). */
  private static Map<UUID, Boolean> inbox(Connection db, String consumer) throws SQLException {
    Map<UUID, Boolean> entries = new HashMap<>();
    try (PreparedStatement statement =
        db.prepareStatement(
            "SELECT event_id, processed_at IS NOT NULL FROM inbox_event WHERE consumer = ?")) {
      statement.setString(1, consumer);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          entries.put(rows.getObject(1, UUID.class), rows.getBoolean(2));
        }
      }
    }
    return entries;
  }

  private static long count(Connection db, String table, String consumer) throws SQLException {
    try (PreparedStatement statement = db.prepareStatement(table + " WHERE consumer = ?")) {
      statement.setString(1, consumer);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  private static void query(Connection db, String sql, RowReader reader) throws SQLException {
    try (PreparedStatement statement = db.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        reader.read(rows);
      }
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
