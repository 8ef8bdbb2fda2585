package dev.onceflow.relay.standby;

import dev.onceflow.relay.source.SourceDatabase;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * Elects the active instance of a shard: a PostgreSQL session-level advisory lock, held on a
 * dedicated connection for as long as the instance is active.
 *
 * <p>Replicas of one shard never fence each other at start-up: only the lock holder creates its
 * transactional producer. When the holder dies, even by {@code kill -9}, its connection closes and
 * PostgreSQL releases the lock, so a standby takes over within a poll interval. The lock decides
 * who <em>should</em> publish; Kafka's fencing guarantees that an instance which lost the lock
 * without noticing cannot publish anything more.
 */
public final class ShardLock implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ShardLock.class);

  private final SourceDatabase database;
  private final String shardId;
  private final long key;
  private Connection connection;
  private boolean held;
  private boolean unreachableLogged;

  public ShardLock(SourceDatabase database, String shardId) {
    this.database = database;
    this.shardId = shardId;
    this.key = key(shardId);
  }

  /** The advisory lock key of {@code shardId}: a stable 64-bit hash. */
  public static long key(String shardId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("onceflow-relay:" + shardId).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Takes the lock if it is free.
   *
   * @return whether this instance holds it now
   */
  public boolean tryAcquire() {
    if (held) {
      return isHeld();
    }
    try {
      if (connection == null || connection.isClosed()) {
        connection = database.connect("onceflow-relay-lock:" + shardId);
        unreachableLogged = false;
      }
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        statement.setLong(1, key);
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          held = result.getBoolean(1);
        }
      }
      return held;
    } catch (SQLException e) {
      if (!unreachableLogged) {
        LOG.warnf(
            e, "Cannot reach %s to compete for the shard lock; retrying", database.describe());
        unreachableLogged = true;
      }
      closeConnection();
      return false;
    }
  }

  /**
   * Whether the lock is still held: the session is alive, so its lock is too. A terminated or
   * broken connection means PostgreSQL released the lock, and another instance may hold it now.
   */
  public boolean isHeld() {
    if (!held) {
      return false;
    }
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(10);
      statement.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      LOG.errorf(e, "Lost the connection holding the lock of shard %s", shardId);
      closeConnection();
      return false;
    }
  }

  /**
   * The connection holding the lock, for the lock holder's queries about its slot; {@code null}
   * while there is none.
   */
  public Connection connection() {
    return connection;
  }

  /** Releases the lock by closing its connection. */
  @Override
  public void close() {
    closeConnection();
  }

  private void closeConnection() {
    held = false;
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debugf(e, "Closing the lock connection failed");
      }
      connection = null;
    }
  }
}
