package dev.onceflow.benchmarks;

import dev.onceflow.local.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What PostgreSQL did for the {@code orders} database during a window, per unit of work: commits,
 * rows inserted and deleted from {@code pg_stat_database}, and, when the server preloads {@code
 * pg_stat_statements}, every statement's calls and mean time per order. A diagnostic printed beside
 * the write side's figures; it changes nothing that is measured.
 */
final class DatabaseWork {

  private static final String DATABASE = "orders";
  private static final String COUNTERS =
      "SELECT xact_commit, xact_rollback, tup_inserted, tup_deleted, tup_updated, tup_fetched"
          + " FROM pg_stat_database WHERE datname = '"
          + DATABASE
          + "'";
  // Normalised by the calls of the order insert: one per order in both writers.
  private static final String STATEMENTS =
      "SELECT s.calls, s.mean_exec_time, s.rows, left(regexp_replace(s.query, '\\s+', ' ', 'g'),"
          + " 110) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
          + " WHERE d.datname = '"
          + DATABASE
          + "' ORDER BY s.calls DESC, s.query LIMIT 20";

  private final LocalPostgres postgres;
  private final boolean statements;
  private final long[] before;

  private DatabaseWork(LocalPostgres postgres, boolean statements, long[] before) {
    this.postgres = postgres;
    this.statements = statements;
    this.before = before;
  }

  /** Takes the counters now (and resets {@code pg_stat_statements} if asked). */
  static DatabaseWork start(LocalPostgres postgres, boolean statements) throws SQLException {
    try (Connection connection = postgres.connect(DATABASE);
        Statement statement = connection.createStatement()) {
      if (statements) {
        statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        statement.execute("SELECT pg_stat_statements_reset()");
      }
      return new DatabaseWork(postgres, statements, counters(statement));
    }
  }

  /** Prints the work done since {@link #start}, per committed transaction and per statement. */
  void log(String writer, String unit) throws SQLException {
    // Backends report their counters at most once a second: let the last reports arrive.
    try {
      Thread.sleep(1_500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Connection connection = postgres.connect(DATABASE);
        Statement statement = connection.createStatement()) {
      long[] after = counters(statement);
      long commits = Math.max(1, after[0] - before[0]);
      print(
          "%s: %,d commits, %,d rollbacks; per commit %.2f rows inserted, %.2f deleted, %.2f"
              + " updated, %.2f fetched",
          writer,
          after[0] - before[0],
          after[1] - before[1],
          (after[2] - before[2]) / (double) commits,
          (after[3] - before[3]) / (double) commits,
          (after[4] - before[4]) / (double) commits,
          (after[5] - before[5]) / (double) commits);
      if (!statements) {
        return;
      }
      long units = 0;
      StringBuilder table = new StringBuilder();
      try (ResultSet rows = statement.executeQuery(STATEMENTS)) {
        while (rows.next()) {
          String query = rows.getString(4);
          if (query.toLowerCase(Locale.ROOT).startsWith("insert into orders ")) {
            units = rows.getLong(1);
          }
          table.append(
              String.format(
                  Locale.ROOT,
                  "%n    %,10d calls %8.3f ms %s",
                  rows.getLong(1),
                  rows.getDouble(2),
                  query));
        }
      }
      print("%s: statements (%,d %ss):%s", writer, units, unit, table);
    }
  }

  private static long[] counters(Statement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery(COUNTERS)) {
      rows.next();
      long[] values = new long[6];
      for (int i = 0; i < values.length; i++) {
        values[i] = rows.getLong(i + 1);
      }
      return values;
    }
  }

  private static void print(String format, Object... args) {
    System.out.printf("[e2e-benchmark] " + format + "%n", args);
  }
}
