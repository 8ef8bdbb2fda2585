package dev.onceflow.inbox.fulfillment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The {@code customer_stats} table: a batch's increments in one multi-row upsert. Plain increments,
 * so that a duplicate effect would show in the counters.
 */
final class CustomerStatsRows {

  private static final UnnestColumns<Map.Entry<String, CustomerStatsDelta>> COLUMNS =
      new UnnestColumns<>(
          e -> e.getKey(),
          e -> e.getValue().placed,
          e -> e.getValue().cancelled,
          e -> e.getValue().amount.toPlainString());

  private static final String UPSERT =
      "INSERT INTO customer_stats AS cs (customer_id, orders_placed, orders_cancelled,"
          + " total_amount, updated_at)"
          + " SELECT c, p::bigint, x::bigint, a::numeric, ?"
          + " FROM unnest("
          + COLUMNS.parameters()
          + ") AS u(c, p, x, a)"
          + " ON CONFLICT (customer_id) DO UPDATE SET"
          + " orders_placed = cs.orders_placed + EXCLUDED.orders_placed,"
          + " orders_cancelled = cs.orders_cancelled + EXCLUDED.orders_cancelled,"
          + " total_amount = cs.total_amount + EXCLUDED.total_amount,"
          + " updated_at = EXCLUDED.updated_at";

  private CustomerStatsRows() {}

  /** Adds {@code deltas} (sorted by customer: rows locked in one order, no deadlocks). */
  static void add(Connection connection, SortedMap<String, CustomerStatsDelta> deltas, Instant now)
      throws SQLException {
    if (deltas.isEmpty()) {
      return;
    }
    List<Map.Entry<String, CustomerStatsDelta>> rows = new ArrayList<>(deltas.entrySet());
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      upsert.setTimestamp(1, Timestamp.from(now));
      COLUMNS.bind(connection, upsert, 2, rows);
      upsert.executeUpdate();
    }
  }
}
