package dev.onceflow.benchmarks.relay;

import dev.onceflow.benchmarks.platform.Pgbench;
import dev.onceflow.benchmarks.platform.ShardDatabase;
import dev.onceflow.local.LocalPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** The shape of a backlog a relay drains. */
public enum Backlog {
  /**
   * As order-service writes: one transaction per order with its idempotency key, order and line
   * rows next to the one outbox row ({@code order-placement.pgbench}, 4 pgbench clients).
   */
  ORDERS("orders", "one OrderPlaced per transaction, with its order, line and idempotency rows"),
  /** Bulk: transactions of 1,000 outbox rows and nothing else, as a batch job would write. */
  BULK("bulk", "transactions of 1,000 outbox rows, no business rows");

  private static final String INSERT_SERIES =
      "INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, payload, schema_version,"
          + " aggregate_sequence, traceparent, created_at)"
          + " SELECT gen_random_uuid(), 'order', 'order-' || (g % 10000), 'OrderPlaced',"
          + " jsonb_build_object('orderId', 'order-' || (g % 10000), 'customerId', 'customer-' ||"
          + " (g % 997), 'total', round((g % 10000) / 7.0, 2), 'currency', 'EUR', 'lines',"
          + " jsonb_build_array(jsonb_build_object('sku', 'SKU-' || (g % 50), 'quantity', 1 + g %"
          + " 3, 'price', 9.99))), 1, g, NULL, clock_timestamp()"
          + " FROM generate_series(?::bigint, ?::bigint) g";
  private static final int BULK_TRANSACTION = 1_000;

  /** pgbench clients writing an order-shaped backlog, an equal share each. */
  static final int PGBENCH_CLIENTS = 4;

  private final String label;
  private final String description;

  Backlog(String label, String description) {
    this.label = label;
    this.description = description;
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  /**
   * {@code events}, if an order-shaped backlog can have that many (an equal share per pgbench
   * client); refused naming {@code option} otherwise. Options check it when parsed, so that a bad
   * size fails before anything starts, not at the first drain minutes later.
   */
  public static int orderShaped(String option, int events) {
    if (events % PGBENCH_CLIENTS != 0) {
      throw new IllegalArgumentException(
          "--" + option + " must be a multiple of " + PGBENCH_CLIENTS + ", was " + events);
    }
    return events;
  }

  /** The shape named {@code label}. */
  static Backlog of(String label) {
    for (Backlog shape : values()) {
      if (shape.label.equals(label)) {
        return shape;
      }
    }
    throw new IllegalArgumentException("--shapes: orders or bulk, was " + label);
  }

  /**
   * Commits {@code events} outbox rows; unless {@code keepRows}, each is deleted again in its own
   * transaction, as the outbox does by default.
   */
  void write(
      LocalPostgres postgres, ShardDatabase database, int events, boolean keepRows, Path logs)
      throws SQLException {
    if (this == ORDERS) {
      int perClient = orderShaped("events", events) / PGBENCH_CLIENTS;
      new Pgbench(postgres, database, logs.resolve("pgbench-backlog.log"))
          .run(
              List.of("--client=" + PGBENCH_CLIENTS, "--jobs=2", "--transactions=" + perClient),
              keepRows);
      return;
    }
    try (Connection connection = database.connectAsOwner(postgres);
        PreparedStatement insert = connection.prepareStatement(INSERT_SERIES);
        PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event")) {
      connection.setAutoCommit(false);
      for (long from = 1; from <= events; from += BULK_TRANSACTION) {
        insert.setLong(1, from);
        insert.setLong(2, Math.min(from + BULK_TRANSACTION - 1, events));
        insert.execute();
        if (!keepRows) {
          delete.execute();
        }
        connection.commit();
      }
    }
  }
}
