package dev.onceflow.relay.standby;

import dev.onceflow.relay.source.SourceDatabase;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Elects the active instance of a shard: a PostgreSQL session-level advisory lock, held on a
 * dedicated connection for as long as the instance is active.
 *
 * <p>Replicas of one shard never fence each other at start-up: only the lock holder creates its
 * transactional producer. A standby waits queued on the lock (see {@link #acquire}). When the
 * holder dies, even by {@code kill -9}, its connection closes and PostgreSQL releases the lock and
 * grants it to the waiting standby at once. The lock decides who <em>should</em> publish; Kafka's
 * fencing guarantees that an instance which lost the lock without noticing cannot publish anything
 * more.
 *
 * <p>An instance that is frozen ({@code SIGSTOP}, a paused VM) or cut off keeps its TCP session
 * open as far as PostgreSQL can tell: the kernel still answers keepalives. So the session is bound
 * on the server: it runs with {@code idle_session_timeout}, and a pinger thread of this instance
 * runs a query four times per timeout. When the instance stops pinging, PostgreSQL ends the session
 * after the timeout and releases the lock.
 */
public final class ShardLock implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ShardLock.class);

  /** Longest single wait for the lock: well below the connection's socket timeout (30 s). */
  static final Duration LONGEST_WAIT = Duration.ofSeconds(20);

  /** PostgreSQL's SQLSTATE for a {@code lock_timeout} that expired. */
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final SourceDatabase database;
  private final String shardId;
  private final long key;
  private final Duration sessionTimeout;
  private final ScheduledExecutorService pinger;
  private Connection connection;
  private boolean held;
  private boolean unreachableLogged;

  /**
   * @param sessionTimeout the lock session's {@code idle_session_timeout}: how long PostgreSQL
   *     keeps the lock of an instance that stopped pinging
   */
  public ShardLock(SourceDatabase database, String shardId, Duration sessionTimeout) {
    this.database = database;
    this.shardId = shardId;
    this.key = key(shardId);
    this.sessionTimeout = sessionTimeout;
    this.pinger =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "onceflow-relay-lock-pinger");
              thread.setDaemon(true);
              return thread;
            });
    long period = Math.max(100, sessionTimeout.toMillis() / 4);
    pinger.scheduleWithFixedDelay(this::ping, period, period, TimeUnit.MILLISECONDS);
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
   * Waits up to {@code wait} for the lock, queued on it in PostgreSQL: {@code pg_advisory_lock}
   * under a {@code lock_timeout} of {@code wait}. PostgreSQL grants it the moment the holder's
   * session ends (its connection closed by a {@code kill -9}, or ended by {@code
   * idle_session_timeout}), so a standby takes over without a poll's delay.
   *
   * <p>Why blocking is safe here: the wait is bounded by {@code lock_timeout} (capped at {@link
   * #LONGEST_WAIT}, below the connection's 30 s socket timeout, so a healthy wait is never taken
   * for a lost connection, and a lost one is still noticed by that timeout); the leader comes back
   * after each wait to refresh what it reports and to notice a shutdown. A standby frozen while
   * queued may be granted the lock, but its session then goes idle and {@code idle_session_timeout}
   * releases it, as for a frozen holder. {@code lock_timeout} is reset once the wait is over, so it
   * bounds nothing else on this connection (creating the slot waits for running transactions).
   *
   * @return whether this instance holds it now
   */
  public synchronized boolean acquire(Duration wait) {
    if (held) {
      return isHeld();
    }
    if (!connect()) {
      return false;
    }
    try {
      long waitMs = Math.max(1, Math.min(wait.toMillis(), LONGEST_WAIT.toMillis()));
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET lock_timeout = '" + waitMs + "ms'");
      }
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
        statement.setLong(1, key);
        statement.execute();
        held = true;
      } catch (SQLException e) {
        if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
          throw e;
        }
        // The wait timed out: another instance still holds the lock.
      } finally {
        try (Statement statement = connection.createStatement()) {
          statement.execute("RESET lock_timeout");
        }
      }
      return held;
    } catch (SQLException e) {
      unreachable(e);
      return false;
    }
  }

  /**
   * Opens the lock's session unless it is open, without waiting for the lock: whether the source
   * database answers. A standby reports itself ready on this before its first wait for the lock is
   * over (a wait lasts up to a poll interval).
   */
  public synchronized boolean connect() {
    try {
      if (connection == null || connection.isClosed()) {
        connection = database.connect("onceflow-relay-lock:" + shardId);
        try (Statement statement = connection.createStatement()) {
          // Server-side bound on a session whose client stopped talking (see the class comment).
          statement.execute("SET idle_session_timeout = '" + sessionTimeout.toMillis() + "ms'");
        }
        unreachableLogged = false;
      }
      return true;
    } catch (SQLException e) {
      unreachable(e);
      return false;
    }
  }

  private void unreachable(SQLException e) {
    if (!unreachableLogged) {
      LOG.warnf(e, "Cannot reach %s to compete for the shard lock; retrying", database.describe());
      unreachableLogged = true;
    }
    closeConnection();
  }

  /**
   * Whether the lock is still held: the session is alive, so its lock is too. A terminated or
   * broken connection means PostgreSQL released the lock, and another instance may hold it now.
   */
  public synchronized boolean isHeld() {
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
  public synchronized Connection connection() {
    return connection;
  }

  /** Releases the lock by closing its connection. */
  @Override
  public synchronized void close() {
    pinger.shutdownNow();
    closeConnection();
  }

  /**
   * Keeps the session from reaching {@code idle_session_timeout} while this instance runs, whatever
   * its leader thread is busy with (an activation may take longer than the timeout). A failure is
   * left to {@link #isHeld()} to find and report.
   */
  private synchronized void ping() {
    if (connection == null) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(10);
      statement.execute("SELECT 1");
    } catch (SQLException e) {
      LOG.debugf(e, "Pinging the lock session of shard %s failed", shardId);
    }
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
