package dev.onceflow.relay.testing;

import dev.onceflow.local.LocalPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.awaitility.Awaitility;

/**
 * A database owned by one test: the platform-core outbox migration applied by a non-superuser
 * owner, and a relay role with the {@code REPLICATION} attribute and nothing else (no grant on any
 * table: logical decoding without a snapshot needs none). Writes go through the owner, as the order
 * service's would.
 */
public final class OutboxDatabase {

  private static final String MIGRATION = "db/onceflow/outbox/V0_1_1__onceflow_outbox.sql";
  private static final String INSERT =
      "INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, payload, schema_version,"
          + " aggregate_sequence, traceparent, created_at) VALUES (?, ?, ?, ?, CAST(? AS jsonb), 1,"
          + " ?, ?, ?)";

  private final LocalPostgres postgres;
  private final String name;
  private final String owner;
  private final String ownerPassword;
  private final String relayRole;
  private final String relayPassword;

  private OutboxDatabase(LocalPostgres postgres, String name) {
    this.postgres = postgres;
    this.name = name;
    this.owner = name + "_owner";
    // Derived from the name, so that a test can attach to a database a test resource created.
    this.ownerPassword = name + "-owner-" + Integer.toHexString(name.hashCode());
    this.relayRole = name + "_relay";
    this.relayPassword = name + "-relay-" + Integer.toHexString(~name.hashCode());
  }

  /** The database {@link #create} made earlier with this name. */
  public static OutboxDatabase attach(LocalPostgres postgres, String name) {
    return new OutboxDatabase(postgres, name);
  }

  /**
   * Creates database {@code name} with the outbox table and its publication, and the relay role.
   */
  public static OutboxDatabase create(LocalPostgres postgres, String name) {
    return createWithoutOutbox(postgres, name).migrate();
  }

  /** Creates database {@code name} and the relay role; the outbox comes with {@link #migrate()}. */
  public static OutboxDatabase createWithoutOutbox(LocalPostgres postgres, String name) {
    OutboxDatabase database = new OutboxDatabase(postgres, name);
    postgres.ensureDatabase(name, database.owner, database.ownerPassword);
    postgres.ensureRole(database.relayRole, database.relayPassword, true);
    return database;
  }

  /** Applies the platform-core outbox migration as the owner, as the service's Flyway would. */
  public OutboxDatabase migrate() {
    try (Connection connection = connectAsOwner();
        Statement statement = connection.createStatement()) {
      statement.execute(migration());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot migrate database " + name, e);
    }
    return this;
  }

  public String name() {
    return name;
  }

  public int port() {
    return postgres.port();
  }

  public String relayRole() {
    return relayRole;
  }

  public String relayPassword() {
    return relayPassword;
  }

  /** A connection as the database owner (the application's role). */
  public Connection connectAsOwner() throws SQLException {
    return postgres.connect(name, owner, ownerPassword);
  }

  /** {@link #connectAsOwner()} with every step bounded by {@code timeout}: for outages. */
  public Connection connectAsOwner(Duration timeout) throws SQLException {
    return postgres.connect(name, owner, ownerPassword, timeout);
  }

  /** A superuser connection to this database. */
  public Connection connectAsSuperuser() throws SQLException {
    return postgres.connect(name);
  }

  /**
   * Writes {@code rows} in one transaction, deleting them again before the commit as the outbox
   * does by default; commits if {@code commit}, else rolls back.
   */
  public void write(List<OutboxRow> rows, boolean commit) {
    try (Connection connection = connectAsOwner()) {
      write(connection, rows, commit);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@link #write(List, boolean)} on the caller's connection. */
  public static void write(Connection connection, List<OutboxRow> rows, boolean commit)
      throws SQLException {
    connection.setAutoCommit(false);
    try (PreparedStatement insert = connection.prepareStatement(INSERT);
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM outbox_event WHERE id = ?")) {
      Timestamp now = Timestamp.from(Instant.now());
      for (OutboxRow row : rows) {
        insert.setObject(1, row.id());
        insert.setString(2, row.aggregateType());
        insert.setString(3, row.aggregateId());
        insert.setString(4, row.type());
        insert.setString(5, row.payload());
        insert.setLong(6, row.sequence());
        insert.setString(7, row.traceparent());
        insert.setTimestamp(8, now);
        insert.addBatch();
        delete.setObject(1, row.id());
        delete.addBatch();
      }
      insert.executeBatch();
      delete.executeBatch();
      if (commit) {
        connection.commit();
      } else {
        connection.rollback();
      }
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  /** The slot's confirmed flush LSN, or -1 if the slot does not exist. */
  public long confirmedFlushLsn(String slot) {
    try (Connection connection = connectAsSuperuser();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT pg_wal_lsn_diff(confirmed_flush_lsn, '0/0')::bigint"
                    + " FROM pg_replication_slots WHERE slot_name = ?")) {
      statement.setString(1, slot);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? result.getLong(1) : -1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The server's current WAL position. */
  public long currentWalLsn() {
    try (Connection connection = connectAsSuperuser();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The backend holding an advisory lock in this database: the active relay's shard lock. */
  public OptionalInt shardLockHolder() {
    try (Connection connection = connectAsSuperuser();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                    + " WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()")) {
      return result.next() ? OptionalInt.of(result.getInt(1)) : OptionalInt.empty();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Terminates a backend, as a network cut or an operator would. */
  public void terminateBackend(int pid) {
    try (Connection connection = connectAsSuperuser();
        PreparedStatement statement =
            connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
      statement.setInt(1, pid);
      statement.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Drops the replication slots of this database (terminating whatever still streams from them), so
   * that they stop retaining WAL and free their place for the next test.
   */
  public void dropSlots() {
    Awaitility.await("slots of " + name + " dropped")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              try (Connection connection = connectAsSuperuser();
                  Statement statement = connection.createStatement()) {
                statement.execute(
                    "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                        + " WHERE database = current_database() AND active_pid IS NOT NULL");
                statement.execute(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                        + " WHERE database = current_database() AND NOT active");
                try (ResultSet left =
                    statement.executeQuery(
                        "SELECT count(*) FROM pg_replication_slots"
                            + " WHERE database = current_database()")) {
                  left.next();
                  return left.getInt(1) == 0;
                }
              }
            });
  }

  /** Runs {@code sql} as the owner. */
  public void execute(String sql) {
    try (Connection connection = connectAsOwner();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String migration() {
    try (InputStream in = OutboxDatabase.class.getClassLoader().getResourceAsStream(MIGRATION)) {
      if (in == null) {
        throw new IllegalStateException(MIGRATION + " is not on the classpath (platform-contract)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
