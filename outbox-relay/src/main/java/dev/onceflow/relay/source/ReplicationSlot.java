package dev.onceflow.relay.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The logical replication slot of the shard: PostgreSQL keeps the WAL from the slot's confirmed
 * position on, so nothing committed after the slot's creation can be missed.
 */
public final class ReplicationSlot {

  private static final Logger LOG = Logger.getLogger(ReplicationSlot.class);
  private static final String STATUS =
      "SELECT active, active_pid, confirmed_flush_lsn::text,"
          + " pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint"
          + " FROM pg_replication_slots WHERE slot_name = ?";

  private final String name;

  public ReplicationSlot(String name) {
    this.name = name;
  }

  /** The slot's name. */
  public String name() {
    return name;
  }

  /**
   * Creates the slot (plugin {@code pgoutput}) unless it exists. Events committed before a slot
   * exists are never relayed, so the relay creates it at its first start, and writers should wait
   * for it (see the README).
   *
   * <p>From PostgreSQL 17 on the slot is a <em>failover</em> slot: standbys with {@code
   * sync_replication_slots = on} keep a copy of it, so that after a fail-over the new primary still
   * has it at the position the relay confirmed.
   *
   * @return {@code true} if this call created it
   */
  public boolean ensureExists(Connection connection) throws SQLException {
    if (status(connection).exists()) {
      warnIfNotFailover(connection);
      return false;
    }
    boolean failover = supportsFailover(connection);
    try (PreparedStatement statement =
        connection.prepareStatement(
            failover
                ? "SELECT lsn::text FROM pg_create_logical_replication_slot(?, 'pgoutput',"
                    + " temporary => false, twophase => false, failover => true)"
                : "SELECT lsn::text FROM pg_create_logical_replication_slot(?, 'pgoutput')")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        LOG.infof(
            "Created replication slot %s at LSN %s%s: outbox events committed from here on are"
                + " relayed.",
            name,
            result.getString(1),
            failover
                ? " (failover slot: standbys with sync_replication_slots keep it)"
                : " (PostgreSQL before 17: NOT kept by standbys, a fail-over loses it)");
      }
      return true;
    } catch (SQLException e) {
      if ("42710".equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /** Whether the slot survives a fail-over to a standby that synchronises slots. */
  public boolean failover(Connection connection) throws SQLException {
    if (!supportsFailover(connection)) {
      return false;
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT failover FROM pg_replication_slots WHERE slot_name = ?")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  private void warnIfNotFailover(Connection connection) throws SQLException {
    if (supportsFailover(connection) && !failover(connection)) {
      LOG.warnf(
          "Replication slot %s is not a failover slot (created before PostgreSQL 17 or by hand):"
              + " a fail-over to a standby will lose it, and the relay will halt. Make it one"
              + " while no relay streams from it: ALTER_REPLICATION_SLOT %s (FAILOVER true) on a"
              + " replication connection.",
          name, name);
    }
  }

  private static boolean supportsFailover(Connection connection) throws SQLException {
    return connection.getMetaData().getDatabaseMajorVersion() >= 17;
  }

  /** The server's current WAL position (on a standby: the last replayed one). */
  public static long currentWalLsn(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
                    + " ELSE pg_current_wal_lsn() END)::text");
        ResultSet result = statement.executeQuery()) {
      result.next();
      return Lsn.parse(result.getString(1));
    }
  }

  /** The slot as {@code pg_replication_slots} shows it now. */
  public Status status(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(STATUS)) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          return Status.MISSING;
        }
        boolean active = result.getBoolean(1);
        int pid = result.getInt(2);
        Integer activePid = result.wasNull() ? null : pid;
        String confirmed = result.getString(3);
        long lag = result.getLong(4);
        boolean lagUnknown = result.wasNull();
        return new Status(
            true,
            active,
            activePid,
            confirmed == null ? -1 : Lsn.parse(confirmed),
            lagUnknown ? -1 : lag);
      }
    }
  }

  /**
   * Waits until no walsender streams from the slot. Only the holder of the shard lock calls this,
   * so a walsender still attached after {@code timeout} serves an instance that lost the lock
   * (killed, partitioned or paused): it is terminated.
   */
  public void awaitReleased(Connection connection, Duration timeout)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Status status = status(connection);
    while (status.active() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = status(connection);
    }
    if (!status.active()) {
      return;
    }
    LOG.warnf(
        "Replication slot %s is still streamed by backend %d, %s after this instance took the"
            + " shard lock: terminating it (it serves an instance that lost the lock)",
        name, status.activePid(), timeout);
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
      statement.setInt(1, status.activePid());
      statement.execute();
    }
    long terminateDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (status(connection).active()) {
      if (System.nanoTime() > terminateDeadline) {
        throw new SQLException("replication slot " + name + " stays active after terminating");
      }
      Thread.sleep(100);
    }
  }

  /**
   * A slot's state.
   *
   * @param exists whether the slot exists
   * @param active whether a walsender streams from it
   * @param activePid that walsender's backend pid, if any
   * @param confirmedFlushLsn up to where the relay confirmed it, {@code -1} if unknown
   * @param lagBytes WAL retained for it: current WAL position minus the confirmed one
   */
  public record Status(
      boolean exists, boolean active, Integer activePid, long confirmedFlushLsn, long lagBytes) {
    static final Status MISSING = new Status(false, false, null, -1, -1);
  }
}
