package dev.onceflow.inbox.fulfillment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The {@code shipment} table, set-based: one read of the stored shipments a batch moves on, then
 * one multi-row insert (shipments opened in the batch) and one multi-row update (the others). Runs
 * in the inbox transaction, which holds the orders' locks ({@code inbox_aggregate}).
 */
final class ShipmentRows {

  private static final String READ =
      "SELECT order_id, customer_id, status, last_sequence FROM shipment"
          + " WHERE order_id = ANY(?::varchar[])";

  private static final UnnestColumns<ShipmentChange> INSERTED =
      new UnnestColumns<>(
          s -> s.orderId,
          s -> s.customerId,
          s -> s.status,
          s -> s.currency,
          s -> s.total == null ? null : s.total.toPlainString(),
          s -> s.lineCount,
          s -> s.lastSequence,
          s -> s.placedAt,
          s -> s.createdAt,
          s -> s.shippedAt,
          s -> s.rejectedAt,
          s -> s.rejectReason,
          s -> s.cancelledAt,
          s -> s.cancelReason);

  private static final String INSERT =
      "INSERT INTO shipment (order_id, customer_id, status, currency, total, line_count,"
          + " last_sequence, placed_at, created_at, shipped_at, rejected_at, reject_reason,"
          + " cancelled_at, cancel_reason)"
          + " SELECT o, c, s, cur, t::numeric, n::integer, q::bigint, p::timestamptz,"
          + " cr::timestamptz, sh::timestamptz, rj::timestamptz, rr, ca::timestamptz, r"
          + " FROM unnest("
          + INSERTED.parameters()
          + ") AS u(o, c, s, cur, t, n, q, p, cr, sh, rj, rr, ca, r)";

  private static final UnnestColumns<ShipmentChange> UPDATED =
      new UnnestColumns<>(
          s -> s.orderId,
          s -> s.status,
          s -> s.lastSequence,
          s -> s.shippedAt,
          s -> s.rejectedAt,
          s -> s.rejectReason,
          s -> s.cancelledAt,
          s -> s.cancelReason);

  // A stored row was read without its timestamps and reasons: what this batch leaves null keeps the
  // stored value (a shipment cancelled after shipping keeps its shipped_at).
  private static final String UPDATE =
      "UPDATE shipment SET status = u.s, last_sequence = u.q::bigint,"
          + " shipped_at = coalesce(u.sh::timestamptz, shipment.shipped_at),"
          + " rejected_at = coalesce(u.rj::timestamptz, shipment.rejected_at),"
          + " reject_reason = coalesce(u.rr, shipment.reject_reason),"
          + " cancelled_at = coalesce(u.ca::timestamptz, shipment.cancelled_at),"
          + " cancel_reason = coalesce(u.r, shipment.cancel_reason)"
          + " FROM unnest("
          + UPDATED.parameters()
          + ") AS u(o, s, q, sh, rj, rr, ca, r)"
          + " WHERE shipment.order_id = u.o";

  private ShipmentRows() {}

  /** The stored shipments of {@code orderIds}; an order without one is simply absent. */
  static List<ShipmentChange> read(Connection connection, Set<String> orderIds)
      throws SQLException {
    List<ShipmentChange> shipments = new ArrayList<>(orderIds.size());
    if (orderIds.isEmpty()) {
      return shipments;
    }
    try (PreparedStatement select = connection.prepareStatement(READ)) {
      select.setArray(1, connection.createArrayOf("varchar", orderIds.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          shipments.add(
              ShipmentChange.stored(
                  rows.getString(1),
                  rows.getString(2),
                  ShipmentStatus.valueOf(rows.getString(3)),
                  rows.getLong(4)));
        }
      }
    }
    return shipments;
  }

  /** Inserts the shipments opened in the batch and updates those it moved on. */
  static void write(Connection connection, Collection<ShipmentChange> shipments)
      throws SQLException {
    List<ShipmentChange> inserts = new ArrayList<>();
    List<ShipmentChange> updates = new ArrayList<>();
    for (ShipmentChange shipment : shipments) {
      if (shipment.isNew) {
        inserts.add(shipment);
      } else if (shipment.dirty) {
        updates.add(shipment);
      }
    }
    execute(connection, INSERT, INSERTED, inserts);
    execute(connection, UPDATE, UPDATED, updates);
  }

  private static void execute(
      Connection connection,
      String sql,
      UnnestColumns<ShipmentChange> columns,
      List<ShipmentChange> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    rows.sort(Comparator.comparing(s -> s.orderId)); // rows locked in one order: no deadlocks
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      columns.bind(connection, statement, 1, rows);
      statement.executeUpdate();
    }
  }
}
