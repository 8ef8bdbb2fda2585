package dev.onceflow.order;

import dev.onceflow.local.LocalPlatformTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Superuser SQL on the service's database, to check what the API really wrote. */
final class OrdersDatabase {

  private OrdersDatabase() {}

  /** Every row of {@code sql}, as column-name to value maps, in result order. */
  static List<Map<String, Object>> rows(String sql, Object... parameters) {
    try (Connection connection =
            LocalPlatformTestResource.postgres().connect(LocalPlatform.DATABASE);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        ResultSetMetaData meta = result.getMetaData();
        while (result.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int column = 1; column <= meta.getColumnCount(); column++) {
            row.put(meta.getColumnLabel(column), result.getObject(column));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Query failed: " + sql, e);
    }
  }

  /** The single number {@code sql} selects, e.g. a count. */
  static long number(String sql, Object... parameters) {
    List<Map<String, Object>> rows = rows(sql, parameters);
    return ((Number) rows.get(0).values().iterator().next()).longValue();
  }

  /** Runs a statement that returns no rows. */
  static void execute(String sql) {
    try (Connection connection =
            LocalPlatformTestResource.postgres().connect(LocalPlatform.DATABASE);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("Statement failed: " + sql, e);
    }
  }

  /** How many orders a customer has. */
  static long ordersOf(String customerId) {
    return number("SELECT count(*) FROM orders WHERE customer_id = ?", customerId);
  }

  /** The outbox rows of one order, oldest first. */
  static List<Map<String, Object>> outboxRowsOf(String orderId) {
    return rows(
        "SELECT * FROM outbox_event WHERE aggregatetype = 'order' AND aggregateid = ?"
            + " ORDER BY aggregate_sequence",
        orderId);
  }

  /** The outbox rows whose payload names this customer. */
  static long outboxRowsOfCustomer(String customerId) {
    return number("SELECT count(*) FROM outbox_event WHERE payload->>'customerId' = ?", customerId);
  }
}
