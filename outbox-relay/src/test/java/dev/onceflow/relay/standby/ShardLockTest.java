package dev.onceflow.relay.standby;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.relay.source.SourceDatabase;
import dev.onceflow.relay.testing.OutboxDatabase;
import dev.onceflow.relay.testing.TestConfigs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shard lock against the real PostgreSQL: a standby waits queued on the lock in PostgreSQL, so
 * it is granted the lock when the holder's session ends, not at its next attempt.
 */
class ShardLockTest {

  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Registers pgjdbc from this class loader: when a {@code @QuarkusTest} ran first in this JVM,
   * {@code DriverManager} may only know a driver of Quarkus' class loader (or none, deregistered at
   * its shutdown), which plain JDBC code here cannot use ("No suitable driver").
   */
  @BeforeAll
  static void registerTheDriver() throws SQLException {
    try {
      DriverManager.getDriver("jdbc:postgresql://localhost/postgres");
    } catch (SQLException notRegistered) {
      DriverManager.registerDriver(new org.postgresql.Driver());
    }
  }

  @Test
  void aStandbyWaitsQueuedOnTheLockAndIsGrantedItWhenTheHolderSessionEnds() throws Exception {
    OutboxDatabase owner = database("shard_lock_wake");
    SourceDatabase source = source(owner);
    try (ShardLock holder = new ShardLock(source, "wake", SESSION_TIMEOUT);
        ShardLock standby = new ShardLock(source, "wake", SESSION_TIMEOUT)) {
      assertThat(holder.acquire(Duration.ofSeconds(1))).isTrue();
      int holderPid = pid(holder.connection());

      // A wait far longer than the test: only a grant can end it early.
      CompletableFuture<Boolean> waiting =
          CompletableFuture.supplyAsync(() -> standby.acquire(Duration.ofSeconds(20)));
      await("the standby queued on the lock in PostgreSQL")
          .atMost(Duration.ofSeconds(10))
          .until(() -> advisoryLocks(owner, false) == 1);
      assertThat(waiting).isNotDone();

      // As a kill -9 of the holder ends its session.
      owner.terminateBackend(holderPid);
      assertThat(waiting.get()).isTrue();
      assertThat(advisoryLocks(owner, true)).isEqualTo(1);
      assertThat(owner.shardLockHolder()).hasValue(pid(standby.connection()));
      // The wait's bound must not bound the holder's later queries (creating the slot waits).
      assertThat(setting(standby.connection(), "lock_timeout")).isEqualTo("0");
    }
  }

  @Test
  void aWaitEndsAfterItsBoundWhileTheHolderLivesAndTheStandbyKeepsItsConnection() throws Exception {
    OutboxDatabase owner = database("shard_lock_bound");
    SourceDatabase source = source(owner);
    try (ShardLock holder = new ShardLock(source, "bound", SESSION_TIMEOUT);
        ShardLock standby = new ShardLock(source, "bound", SESSION_TIMEOUT)) {
      assertThat(holder.acquire(Duration.ofSeconds(1))).isTrue();

      assertThat(standby.acquire(Duration.ofMillis(300))).isFalse();
      Connection waited = standby.connection();
      assertThat(waited).isNotNull();
      assertThat(setting(waited, "lock_timeout")).isEqualTo("0");
      assertThat(advisoryLocks(owner, false)).isZero();

      holder.close();
      assertThat(standby.acquire(Duration.ofSeconds(5))).isTrue();
      assertThat(standby.connection()).isSameAs(waited);
      assertThat(standby.isHeld()).isTrue();
    }
  }

  @Test
  void connectingOpensTheSessionWithoutQueueingOnAHeldLock() throws Exception {
    // What a new standby's readiness rests on: its session is open before its first wait ends.
    OutboxDatabase owner = database("shard_lock_connect");
    SourceDatabase source = source(owner);
    try (ShardLock holder = new ShardLock(source, "connect", SESSION_TIMEOUT);
        ShardLock standby = new ShardLock(source, "connect", SESSION_TIMEOUT)) {
      assertThat(holder.acquire(Duration.ofSeconds(1))).isTrue();

      assertThat(standby.connect()).isTrue();

      assertThat(standby.connection()).isNotNull();
      assertThat(pid(standby.connection())).isNotEqualTo(pid(holder.connection()));
      assertThat(advisoryLocks(owner, false)).isZero();
      assertThat(standby.isHeld()).isFalse();
    }
  }

  private static OutboxDatabase database(String name) {
    return OutboxDatabase.createWithoutOutbox(LocalPlatformTestResource.postgres(), name);
  }

  private static SourceDatabase source(OutboxDatabase database) {
    return new SourceDatabase(
        TestConfigs.relayConfig(
                Map.of(
                    "onceflow.relay.database.host", "127.0.0.1",
                    "onceflow.relay.database.port", Integer.toString(database.port()),
                    "onceflow.relay.database.name", database.name(),
                    "onceflow.relay.database.user", database.relayRole(),
                    "onceflow.relay.database.password", database.relayPassword()))
            .database());
  }

  private static long advisoryLocks(OutboxDatabase database, boolean granted) throws SQLException {
    try (Connection connection = database.connectAsSuperuser();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                    + " WHERE l.locktype = 'advisory' AND l.granted = "
                    + granted
                    + " AND d.datname = current_database()")) {
      result.next();
      return result.getLong(1);
    }
  }

  private static int pid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
      result.next();
      return result.getInt(1);
    }
  }

  private static String setting(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW " + name)) {
      result.next();
      return result.getString(1);
    }
  }
}
