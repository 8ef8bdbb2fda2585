package dev.onceflow.core.inbox.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;

/**
 * The last applied sequence of each aggregate, per consumer ({@code inbox_aggregate}), read and
 * written inside the inbox transaction.
 *
 * <p>{@link #lock} first inserts a zero row for aggregates never seen, then locks all the rows in
 * key order: two transactions touching the same aggregate (two instances around a rebalance, or a
 * replay beside the live pipeline) serialize on its row, the second one then sees the first one's
 * position, and sorted locking cannot deadlock.
 */
final class AggregatePositions {

  private static final String ENSURE =
      "INSERT INTO inbox_aggregate (consumer, aggregate_id, last_sequence)"
          + " SELECT ?, id, 0 FROM unnest(?::varchar[]) AS t(id) ORDER BY id"
          + " ON CONFLICT DO NOTHING RETURNING aggregate_id";

  private static final String LOCK =
      "SELECT aggregate_id, last_sequence FROM inbox_aggregate"
          + " WHERE consumer = ? AND aggregate_id = ANY(?::varchar[]) ORDER BY aggregate_id"
          + " FOR UPDATE";

  private static final String ADVANCE =
      "UPDATE inbox_aggregate a SET last_sequence = t.seq"
          + " FROM unnest(?::varchar[], ?::bigint[]) AS t(id, seq)"
          + " WHERE a.consumer = ? AND a.aggregate_id = t.id";

  private AggregatePositions() {}

  /** Locks the aggregates' rows and returns their last applied sequence (0: none yet). */
  static Map<String, Long> lock(Connection connection, String consumer, SortedSet<String> ids)
      throws SQLException {
    Map<String, Long> positions = new HashMap<>(ids.size() * 2);
    try (PreparedStatement ensure = connection.prepareStatement(ENSURE)) {
      ensure.setString(1, consumer);
      ensure.setArray(2, connection.createArrayOf("varchar", ids.toArray()));
      try (ResultSet rows = ensure.executeQuery()) {
        while (rows.next()) {
          positions.put(rows.getString(1), 0L); // inserted, hence locked, by this transaction
        }
      }
    }
    if (positions.size() == ids.size()) {
      return positions; // the usual case for new aggregates: nothing else to lock
    }
    Object[] known = ids.stream().filter(id -> !positions.containsKey(id)).toArray();
    try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
      lock.setString(1, consumer);
      lock.setArray(2, connection.createArrayOf("varchar", known));
      try (ResultSet rows = lock.executeQuery()) {
        while (rows.next()) {
          positions.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
    return positions;
  }

  /** Stores the new positions of the aggregates that moved. */
  static void advance(Connection connection, String consumer, Map<String, Long> moved)
      throws SQLException {
    if (moved.isEmpty()) {
      return;
    }
    String[] ids = moved.keySet().toArray(String[]::new);
    Long[] sequences = new Long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      sequences[i] = moved.get(ids[i]);
    }
    try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
      advance.setArray(1, connection.createArrayOf("varchar", ids));
      advance.setArray(2, connection.createArrayOf("bigint", sequences));
      advance.setString(3, consumer);
      advance.executeUpdate();
    }
  }
}
