package dev.onceflow.inbox.fulfillment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.Inbox;
import dev.onceflow.inbox.messaging.DecodedEvent;
import dev.onceflow.inbox.messaging.EventDecoder;
import dev.onceflow.inbox.messaging.EventTrace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Applies a batch of order events inside the caller's transaction: the inbox insert first, then the
 * effects of the events seen for the first time, in their order, one order's events strictly by
 * sequence.
 *
 * <p>The work is set-based so that a batch costs a handful of statements whatever its size: one
 * multi-row inbox insert, one locking read of the touched shipments, one read of their parked
 * events, then one multi-row statement per kind of write. Effects:
 *
 * <ul>
 *   <li>{@code OrderPlaced} (sequence 1) creates the order's shipment and adds 1 to the customer's
 *       placed orders and the order total to their total amount;
 *   <li>{@code OrderCancelled} cancels the shipment and adds 1 to the customer's cancelled orders.
 * </ul>
 *
 * <p>An event whose sequence is ahead of the order's next one is parked (kept, deduplicated, not
 * applied) and applied in the transaction that applies its predecessor. An event whose sequence the
 * order has already passed is stale: its inbox entry is removed and the caller dead-letters it.
 */
@ApplicationScoped
public class FulfillmentApplier {

  private static final Logger LOG = Logger.getLogger(FulfillmentApplier.class);

  private static final String LOCK_SHIPMENTS =
      "SELECT order_id, customer_id, status, last_sequence FROM shipment"
          + " WHERE order_id = ANY(?::varchar[]) ORDER BY order_id FOR UPDATE";

  private static final String PARKED_FOR_ORDERS =
      "SELECT event_id, order_id, sequence, record_key, payload, headers::text, source_topic,"
          + " source_partition, source_offset FROM parked_event"
          + " WHERE consumer = ? AND order_id = ANY(?::varchar[]) ORDER BY order_id, sequence";

  private static final String INSERT_SHIPMENTS =
      "INSERT INTO shipment (order_id, customer_id, status, currency, total, line_count,"
          + " last_sequence, placed_at, created_at, cancelled_at, cancel_reason)"
          + " SELECT o, c, s, cur, t::numeric, n::integer, q::bigint, p::timestamptz, ?,"
          + " ca::timestamptz, r"
          + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[]) AS u(o, c, s, cur, t, n, q, p, ca, r)";

  private static final String UPDATE_SHIPMENTS =
      "UPDATE shipment SET status = u.s, last_sequence = u.q::bigint,"
          + " cancelled_at = u.ca::timestamptz, cancel_reason = u.r"
          + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u(o, s, q, ca, r)"
          + " WHERE shipment.order_id = u.o";

  private static final String UPSERT_STATS =
      "INSERT INTO customer_stats AS cs (customer_id, orders_placed, orders_cancelled,"
          + " total_amount, updated_at)"
          + " SELECT c, p::bigint, x::bigint, a::numeric, ?"
          + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(c, p, x, a)"
          + " ON CONFLICT (customer_id) DO UPDATE SET"
          + " orders_placed = cs.orders_placed + EXCLUDED.orders_placed,"
          + " orders_cancelled = cs.orders_cancelled + EXCLUDED.orders_cancelled,"
          + " total_amount = cs.total_amount + EXCLUDED.total_amount,"
          + " updated_at = EXCLUDED.updated_at";

  private static final String INSERT_PARKED =
      "INSERT INTO parked_event (consumer, event_id, order_id, sequence, record_key, payload,"
          + " headers, source_topic, source_partition, source_offset, parked_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private static final String DELETE_PARKED =
      "DELETE FROM parked_event WHERE consumer = ? AND event_id = ANY(?::uuid[])";

  /** Shipment states. */
  public static final String CREATED = "CREATED";

  public static final String CANCELLED = "CANCELLED";

  private final EntityManager entityManager;
  private final Inbox inbox;
  private final EventDecoder decoder;
  private final ObjectMapper objectMapper;
  private final Clock clock;

  FulfillmentApplier(
      EntityManager entityManager,
      Inbox inbox,
      EventDecoder decoder,
      ObjectMapper objectMapper,
      Clock clock) {
    this.entityManager = entityManager;
    this.inbox = inbox;
    this.decoder = decoder;
    this.objectMapper = objectMapper;
    this.clock = clock;
  }

  /**
   * Applies {@code events} (in arrival order) for {@code consumer} inside the current transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public ApplyResult apply(String consumer, List<DecodedEvent> events) {
    ApplyResult result = new ApplyResult();
    if (events.isEmpty()) {
      return result;
    }
    Set<UUID> fresh =
        inbox.firstDeliveries(consumer, events.stream().map(DecodedEvent::eventId).toList());
    List<DecodedEvent> firsts = new ArrayList<>(fresh.size());
    for (DecodedEvent event : events) {
      if (fresh.remove(event.eventId())) {
        firsts.add(event);
      } else {
        result.duplicates.add(event);
      }
    }
    if (firsts.isEmpty()) {
      return result;
    }
    Session session = entityManager.unwrap(Session.class);
    session.doWork(connection -> applyFirsts(connection, consumer, firsts, result));
    return result;
  }

  private void applyFirsts(
      Connection connection, String consumer, List<DecodedEvent> firsts, ApplyResult result)
      throws SQLException {
    Set<String> orderIds = new TreeSet<>();
    for (DecodedEvent event : firsts) {
      orderIds.add(event.orderId());
    }
    Map<String, OrderState> orders = lockShipments(connection, orderIds);
    Map<String, Deque<DecodedEvent>> waiting = parkedFor(connection, consumer, orderIds);
    Set<UUID> storedParked = new HashSet<>();
    waiting.values().forEach(q -> q.forEach(e -> storedParked.add(e.eventId())));

    Map<String, StatsDelta> stats = new TreeMap<>();
    List<DecodedEvent> newlyParked = new ArrayList<>();
    List<UUID> released = new ArrayList<>();
    List<UUID> staleIds = new ArrayList<>();

    for (DecodedEvent event : firsts) {
      try (EventTrace.Scope trace = EventTrace.open(event)) {
        OrderState order = orders.get(event.orderId());
        long last = order == null ? 0 : order.lastSequence;
        if (event.sequence() <= last) {
          LOG.warnf(
              "%s %s of order %s has sequence %d but the order is already at %d: dead-lettering it",
              event.eventType(), event.eventId(), event.orderId(), event.sequence(), last);
          result.stale.add(event);
          staleIds.add(event.eventId());
          continue;
        }
        if (event.sequence() > last + 1) {
          LOG.infof(
              "%s %s of order %s (sequence %d) arrived before sequence %d: parked",
              event.eventType(), event.eventId(), event.orderId(), event.sequence(), last + 1);
          result.parked.add(event);
          newlyParked.add(event);
          insertSorted(waiting.computeIfAbsent(event.orderId(), k -> new ArrayDeque<>()), event);
          continue;
        }
        order = applyOne(event, order, orders, stats);
        result.applied.add(event);
        LOG.debugf(
            "%s %s of order %s applied", event.eventType(), event.eventId(), event.orderId());
      }
      // The event may unblock parked successors, stored earlier or parked in this batch.
      Deque<DecodedEvent> queue = waiting.get(event.orderId());
      OrderState order = orders.get(event.orderId());
      while (queue != null && order != null && !queue.isEmpty()) {
        DecodedEvent next = queue.peekFirst();
        if (next.sequence() <= order.lastSequence) {
          queue.pollFirst(); // a parked twin of an applied sequence
          if (!storedParked.contains(next.eventId())) {
            // parked in this batch: dead-letter it with the batch
            newlyParked.remove(next);
            result.parked.remove(next);
            result.stale.add(next);
            staleIds.add(next.eventId());
          } else {
            // parked by an earlier, acknowledged batch: it stays parked (and counted) for an
            // operator
            LOG.warnf(
                "Parked %s %s of order %s has sequence %d, already applied: left parked",
                next.eventType(), next.eventId(), next.orderId(), next.sequence());
          }
          continue;
        }
        if (next.sequence() != order.lastSequence + 1) {
          break;
        }
        queue.pollFirst();
        try (EventTrace.Scope trace = EventTrace.open(next)) {
          LOG.infof(
              "%s %s of order %s (sequence %d) released from parking",
              next.eventType(), next.eventId(), next.orderId(), next.sequence());
          order = applyOne(next, order, orders, stats);
        }
        result.applied.add(next);
        if (storedParked.contains(next.eventId())) {
          released.add(next.eventId());
        } else {
          newlyParked.remove(next);
          result.parked.remove(next);
        }
      }
    }

    writeShipments(connection, orders.values());
    writeStats(connection, stats);
    if (!newlyParked.isEmpty()) {
      insertParked(connection, consumer, newlyParked);
      inbox.markPending(consumer, newlyParked.stream().map(DecodedEvent::eventId).toList());
    }
    if (!released.isEmpty()) {
      deleteParked(connection, consumer, released);
      inbox.markProcessed(consumer, released);
    }
    if (!staleIds.isEmpty()) {
      // Not applied: a redelivery or a replay must be judged (and dead-lettered) again.
      inbox.forget(consumer, staleIds);
    }
  }

  private static void insertSorted(Deque<DecodedEvent> queue, DecodedEvent event) {
    List<DecodedEvent> all = new ArrayList<>(queue);
    all.add(event);
    all.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    queue.clear();
    queue.addAll(all);
  }

  private OrderState applyOne(
      DecodedEvent event,
      OrderState order,
      Map<String, OrderState> orders,
      Map<String, StatsDelta> stats) {
    StatsDelta delta = stats.computeIfAbsent(event.customerId(), k -> new StatsDelta());
    if (event.payload() instanceof OrderPlaced placed) {
      order = new OrderState(placed.orderId(), placed.customerId(), CREATED, placed.sequence());
      order.isNew = true;
      order.currency = placed.currency();
      order.total = placed.total();
      order.lineCount = placed.lines().size();
      order.placedAt = placed.placedAt();
      orders.put(order.orderId, order);
      delta.placed++;
      delta.amount = delta.amount.add(placed.total());
    } else {
      OrderCancelled cancelled = (OrderCancelled) event.payload();
      order.status = CANCELLED;
      order.cancelledAt = cancelled.cancelledAt();
      order.cancelReason = cancelled.reason();
      order.lastSequence = cancelled.sequence();
      order.dirty = true;
      delta.cancelled++;
    }
    return order;
  }

  private Map<String, OrderState> lockShipments(Connection connection, Set<String> orderIds)
      throws SQLException {
    Map<String, OrderState> orders = new HashMap<>(orderIds.size() * 2);
    try (PreparedStatement select = connection.prepareStatement(LOCK_SHIPMENTS)) {
      select.setArray(1, connection.createArrayOf("varchar", orderIds.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          OrderState order =
              new OrderState(
                  rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4));
          orders.put(order.orderId, order);
        }
      }
    }
    return orders;
  }

  private Map<String, Deque<DecodedEvent>> parkedFor(
      Connection connection, String consumer, Set<String> orderIds) throws SQLException {
    Map<String, Deque<DecodedEvent>> waiting = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(PARKED_FOR_ORDERS)) {
      select.setString(1, consumer);
      select.setArray(2, connection.createArrayOf("varchar", orderIds.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          EventEnvelope envelope =
              new EventEnvelope(
                  rows.getString(4),
                  rows.getBytes(5),
                  headers(rows.getString(6)),
                  rows.getString(7),
                  rows.getInt(8),
                  rows.getLong(9));
          // It was valid when parked; decoding again gives back the same event.
          DecodedEvent event = decoder.decode(envelope);
          waiting.computeIfAbsent(event.orderId(), k -> new ArrayDeque<>()).addLast(event);
        }
      }
    }
    return waiting;
  }

  private Map<String, String> headers(String json) {
    try {
      return objectMapper.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable headers of a parked event: " + json, e);
    }
  }

  private void writeShipments(Connection connection, Collection<OrderState> orders)
      throws SQLException {
    List<OrderState> inserts = new ArrayList<>();
    List<OrderState> updates = new ArrayList<>();
    for (OrderState order : orders) {
      if (order.isNew) {
        inserts.add(order);
      } else if (order.dirty) {
        updates.add(order);
      }
    }
    if (!inserts.isEmpty()) {
      inserts.sort((a, b) -> a.orderId.compareTo(b.orderId));
      int n = inserts.size();
      String[][] columns = new String[10][n];
      for (int i = 0; i < n; i++) {
        OrderState o = inserts.get(i);
        columns[0][i] = o.orderId;
        columns[1][i] = o.customerId;
        columns[2][i] = o.status;
        columns[3][i] = o.currency;
        columns[4][i] = o.total.toPlainString();
        columns[5][i] = Integer.toString(o.lineCount);
        columns[6][i] = Long.toString(o.lastSequence);
        columns[7][i] = o.placedAt.toString();
        columns[8][i] = o.cancelledAt == null ? null : o.cancelledAt.toString();
        columns[9][i] = o.cancelReason;
      }
      try (PreparedStatement insert = connection.prepareStatement(INSERT_SHIPMENTS)) {
        insert.setTimestamp(1, Timestamp.from(clock.instant()));
        for (int c = 0; c < columns.length; c++) {
          insert.setArray(c + 2, connection.createArrayOf("text", columns[c]));
        }
        insert.executeUpdate();
      }
    }
    if (!updates.isEmpty()) {
      updates.sort((a, b) -> a.orderId.compareTo(b.orderId));
      int n = updates.size();
      String[][] columns = new String[5][n];
      for (int i = 0; i < n; i++) {
        OrderState o = updates.get(i);
        columns[0][i] = o.orderId;
        columns[1][i] = o.status;
        columns[2][i] = Long.toString(o.lastSequence);
        columns[3][i] = o.cancelledAt == null ? null : o.cancelledAt.toString();
        columns[4][i] = o.cancelReason;
      }
      try (PreparedStatement update = connection.prepareStatement(UPDATE_SHIPMENTS)) {
        for (int c = 0; c < columns.length; c++) {
          update.setArray(c + 1, connection.createArrayOf("text", columns[c]));
        }
        update.executeUpdate();
      }
    }
  }

  private void writeStats(Connection connection, Map<String, StatsDelta> stats)
      throws SQLException {
    if (stats.isEmpty()) {
      return;
    }
    int n = stats.size();
    String[][] columns = new String[4][n];
    int i = 0;
    for (Map.Entry<String, StatsDelta> entry : stats.entrySet()) { // sorted: no deadlocks
      columns[0][i] = entry.getKey();
      columns[1][i] = Long.toString(entry.getValue().placed);
      columns[2][i] = Long.toString(entry.getValue().cancelled);
      columns[3][i] = entry.getValue().amount.toPlainString();
      i++;
    }
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT_STATS)) {
      upsert.setTimestamp(1, Timestamp.from(clock.instant()));
      for (int c = 0; c < columns.length; c++) {
        upsert.setArray(c + 2, connection.createArrayOf("text", columns[c]));
      }
      upsert.executeUpdate();
    }
  }

  private void insertParked(Connection connection, String consumer, List<DecodedEvent> parked)
      throws SQLException {
    Timestamp now = Timestamp.from(clock.instant());
    try (PreparedStatement insert = connection.prepareStatement(INSERT_PARKED)) {
      for (DecodedEvent event : parked) {
        EventEnvelope envelope = event.envelope();
        insert.setString(1, consumer);
        insert.setObject(2, event.eventId());
        insert.setString(3, event.orderId());
        insert.setLong(4, event.sequence());
        insert.setString(5, envelope.key());
        insert.setBytes(6, envelope.value());
        insert.setString(7, json(envelope.headers()));
        insert.setString(8, envelope.topic());
        insert.setInt(9, envelope.partition());
        insert.setLong(10, envelope.offset());
        insert.setTimestamp(11, now);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void deleteParked(Connection connection, String consumer, List<UUID> eventIds)
      throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(DELETE_PARKED)) {
      Array ids = connection.createArrayOf("uuid", eventIds.toArray(UUID[]::new));
      delete.setString(1, consumer);
      delete.setArray(2, ids);
      delete.executeUpdate();
    }
  }

  private String json(Map<String, String> headers) {
    try {
      return objectMapper.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write headers as JSON", e);
    }
  }

  /** The order as this transaction sees it. */
  private static final class OrderState {
    final String orderId;
    final String customerId;
    String status;
    long lastSequence;
    boolean isNew;
    boolean dirty;
    String currency;
    BigDecimal total;
    int lineCount;
    Instant placedAt;
    Instant cancelledAt;
    String cancelReason;

    OrderState(String orderId, String customerId, String status, long lastSequence) {
      this.orderId = orderId;
      this.customerId = customerId;
      this.status = status;
      this.lastSequence = lastSequence;
    }
  }

  /** Increments of one customer's counters in this batch. */
  private static final class StatsDelta {
    long placed;
    long cancelled;
    BigDecimal amount = BigDecimal.ZERO;
  }
}
