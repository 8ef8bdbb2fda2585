package dev.onceflow.benchmarks.outage;

import dev.onceflow.benchmarks.outage.OutageTimeline.SlotSample;
import dev.onceflow.local.LocalPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the relay's replication slot once a second, as a superuser ({@code pg_ls_waldir} needs
 * it): its lag behind the WAL's head, the WAL it retains and the size of {@code pg_wal}.
 */
final class SlotWatch implements AutoCloseable {

  private static final String QUERY =
      "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint,"
          + " pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint, active,"
          + " (SELECT sum(size) FROM pg_ls_waldir())::bigint"
          + " FROM pg_replication_slots WHERE slot_name = ?";

  private final Connection connection;
  private final PreparedStatement query;
  private final List<SlotSample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "slot-watch"));
  private volatile SQLException failure;

  private SlotWatch(Connection connection, String slot) throws SQLException {
    this.connection = connection;
    this.query = connection.prepareStatement(QUERY);
    query.setString(1, slot);
  }

  /** Starts sampling slot {@code slot} of {@code database} every second. */
  static SlotWatch start(LocalPostgres postgres, String database, String slot) throws SQLException {
    SlotWatch watch = new SlotWatch(postgres.connect(database), slot);
    watch.timer.scheduleAtFixedRate(watch::sample, 0, 1, TimeUnit.SECONDS);
    return watch;
  }

  private void sample() {
    try (ResultSet row = query.executeQuery()) {
      if (row.next()) {
        SlotSample sample =
            new SlotSample(
                System.currentTimeMillis(),
                row.getLong(1),
                row.getLong(2),
                row.getBoolean(3),
                row.getLong(4));
        synchronized (samples) {
          samples.add(sample);
        }
      }
    } catch (SQLException e) {
      failure = e;
    }
  }

  /** Every sample so far. */
  List<SlotSample> samples() {
    if (failure != null) {
      throw new IllegalStateException("sampling the slot failed", failure);
    }
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /** The latest sample's lag, or -1 before the first. */
  long lagBytes() {
    synchronized (samples) {
      return samples.isEmpty() ? -1 : samples.get(samples.size() - 1).lagBytes();
    }
  }

  @Override
  public void close() throws SQLException, InterruptedException {
    timer.shutdown();
    timer.awaitTermination(10, TimeUnit.SECONDS);
    connection.close();
  }
}
