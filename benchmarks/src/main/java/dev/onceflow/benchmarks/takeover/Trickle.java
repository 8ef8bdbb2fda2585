package dev.onceflow.benchmarks.takeover;

import dev.onceflow.benchmarks.platform.ShardDatabase;
import dev.onceflow.local.LocalPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A steady trickle of outbox writes, as order-service makes them: one transaction per event that
 * inserts the row and deletes it again (the outbox's default). Remembers the id of every committed
 * row, so that the run can check each one arrived exactly once.
 */
final class Trickle implements AutoCloseable {

  private static final String INSERT =
      "INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, payload, schema_version,"
          + " aggregate_sequence, created_at) VALUES (?, 'order', ?, 'OrderPlaced',"
          + " jsonb_build_object('orderId', ?::text, 'total', 42.0), 1, ?, clock_timestamp())";

  private final Connection connection;
  private final PreparedStatement insert;
  private final PreparedStatement delete;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "takeover-trickle"));
  private final List<UUID> committed = new ArrayList<>();
  private long sequence;
  private volatile SQLException failure;

  private Trickle(Connection connection) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(false);
    this.insert = connection.prepareStatement(INSERT);
    this.delete = connection.prepareStatement("DELETE FROM outbox_event WHERE id = ?");
  }

  /** Starts writing {@code perSecond} events a second into {@code database}. */
  static Trickle start(LocalPostgres postgres, ShardDatabase database, int perSecond)
      throws SQLException {
    Trickle trickle = new Trickle(database.connectAsOwner(postgres));
    long period = TimeUnit.SECONDS.toMicros(1) / perSecond;
    trickle.timer.scheduleAtFixedRate(trickle::write, 0, period, TimeUnit.MICROSECONDS);
    return trickle;
  }

  private void write() {
    UUID id = UUID.randomUUID();
    long next = sequence + 1;
    String order = "order-" + (next % 100);
    try {
      insert.setObject(1, id);
      insert.setString(2, order);
      insert.setString(3, order);
      insert.setLong(4, next);
      insert.executeUpdate();
      delete.setObject(1, id);
      delete.executeUpdate();
      connection.commit();
      sequence = next;
      synchronized (committed) {
        committed.add(id);
      }
    } catch (SQLException e) {
      failure = e;
      throw new IllegalStateException("the trickle's write failed", e);
    }
  }

  /** How many events were committed so far. */
  int count() {
    synchronized (committed) {
      return committed.size();
    }
  }

  /** Stops writing; returns the ids of every committed event. */
  List<UUID> stop() throws InterruptedException {
    timer.shutdown();
    if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the trickle did not stop");
    }
    if (failure != null) {
      throw new IllegalStateException("the trickle failed", failure);
    }
    synchronized (committed) {
      return List.copyOf(committed);
    }
  }

  @Override
  public void close() throws SQLException {
    timer.shutdownNow();
    connection.close();
  }
}
