package dev.onceflow.inbox.fulfillment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.EventTypes;
import dev.onceflow.core.inbox.InboxHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The fulfillment service's business on the Onceflow inbox: what an order event changes. The
 * library decides which events to apply and in which order (dedupe, per-order sequence, parking);
 * this handler applies them, inside the inbox transaction, set-based: one read of the shipments
 * being cancelled, then one multi-row statement per kind of write.
 *
 * <ul>
 *   <li>{@code OrderPlaced} (sequence 1) creates the order's shipment and adds 1 to the customer's
 *       placed orders and the order total to their total amount;
 *   <li>{@code OrderCancelled} cancels the shipment and adds 1 to the customer's cancelled orders.
 * </ul>
 */
@ApplicationScoped
public class FulfillmentHandler implements InboxHandler<OutboxEvent> {

  private static final Logger LOG = Logger.getLogger(FulfillmentHandler.class);

  private static final String READ_SHIPMENTS =
      "SELECT order_id, customer_id, status, last_sequence FROM shipment"
          + " WHERE order_id = ANY(?::varchar[])";

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

  /** Shipment states. */
  public static final String CREATED = "CREATED";

  public static final String CANCELLED = "CANCELLED";

  private final EntityManager entityManager;
  private final EventTypes<OutboxEvent> orderEvents;
  private final Clock clock;

  FulfillmentHandler(EntityManager entityManager, ObjectMapper objectMapper, Clock clock) {
    this.entityManager = entityManager;
    this.orderEvents = EventTypes.of(objectMapper, OrderEvents.TYPES);
    this.clock = clock;
  }

  @Override
  public Decoded<OutboxEvent> decode(String eventType, int schemaVersion, EventEnvelope envelope) {
    return orderEvents.decode(eventType, envelope);
  }

  @Override
  public void apply(List<ConsumedEvent<OutboxEvent>> events) {
    Session session = entityManager.unwrap(Session.class);
    session.doWork(connection -> apply(connection, events));
  }

  private void apply(Connection connection, List<ConsumedEvent<OutboxEvent>> events)
      throws SQLException {
    // Orders whose first event here is not their placement already have a shipment: read it. The
    // inbox holds the order's lock (inbox_aggregate) for the whole transaction.
    Set<String> placedHere = new HashSet<>();
    Set<String> existing = new TreeSet<>();
    for (ConsumedEvent<OutboxEvent> event : events) {
      if (event.payload() instanceof OrderPlaced) {
        placedHere.add(event.aggregateId());
      } else if (!placedHere.contains(event.aggregateId())) {
        existing.add(event.aggregateId());
      }
    }
    Map<String, OrderState> orders = readShipments(connection, existing);
    Map<String, StatsDelta> stats = new TreeMap<>();
    for (ConsumedEvent<OutboxEvent> event : events) {
      applyOne(event, orders, stats);
    }
    writeShipments(connection, orders.values());
    writeStats(connection, stats);
  }

  private static void applyOne(
      ConsumedEvent<OutboxEvent> event,
      Map<String, OrderState> orders,
      Map<String, StatsDelta> stats) {
    if (event.payload() instanceof OrderPlaced placed) {
      OrderState order =
          new OrderState(placed.orderId(), placed.customerId(), CREATED, placed.sequence());
      order.isNew = true;
      order.currency = placed.currency();
      order.total = placed.total();
      order.lineCount = placed.lines().size();
      order.placedAt = placed.placedAt();
      orders.put(order.orderId, order);
      StatsDelta delta = stats.computeIfAbsent(placed.customerId(), k -> new StatsDelta());
      delta.placed++;
      delta.amount = delta.amount.add(placed.total());
      LOG.debugf("OrderPlaced %s of order %s applied", event.eventId(), placed.orderId());
      return;
    }
    OrderCancelled cancelled = (OrderCancelled) event.payload();
    OrderState order = orders.get(cancelled.orderId());
    if (order == null) {
      // The inbox applies sequence n only after n - 1, and sequence 1 is the placement.
      throw new IllegalStateException(
          "order "
              + cancelled.orderId()
              + " has no shipment to cancel at sequence "
              + cancelled.sequence());
    }
    order.status = CANCELLED;
    order.cancelledAt = cancelled.cancelledAt();
    order.cancelReason = cancelled.reason();
    order.lastSequence = cancelled.sequence();
    order.dirty = true;
    stats.computeIfAbsent(order.customerId, k -> new StatsDelta()).cancelled++;
    LOG.debugf("OrderCancelled %s of order %s applied", event.eventId(), cancelled.orderId());
  }

  private static Map<String, OrderState> readShipments(Connection connection, Set<String> orderIds)
      throws SQLException {
    Map<String, OrderState> orders = new HashMap<>(orderIds.size() * 2 + 16);
    if (orderIds.isEmpty()) {
      return orders;
    }
    try (PreparedStatement select = connection.prepareStatement(READ_SHIPMENTS)) {
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
