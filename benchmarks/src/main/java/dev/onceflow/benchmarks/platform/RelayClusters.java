package dev.onceflow.benchmarks.platform;

import dev.onceflow.local.LocalPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL clusters of the relays under test, one per relay, closed together. A walsender
 * reads past the WAL of every database in its cluster, so in a shared one each CDC relay resumed
 * for its drain would also pay for the other relays' backlogs, written while it was paused
 * (measured: 37-79 µs of walsender CPU per event against 18 alone).
 */
public final class RelayClusters implements AutoCloseable {

  /**
   * PostgreSQL's settings on top of local-platform's, for every relay's cluster and for the
   * platform the relays run on.
   */
  public static final Map<String, String> SERVER_CONFIG =
      Map.of(
          // A paused relay must keep its replication connection.
          "wal_sender_timeout", "0",
          "max_wal_size", "4GB");

  /** {@link #SERVER_CONFIG} in words, for a run's notes. */
  public static final String SERVER_CONFIG_NOTE =
      "PostgreSQL: wal_sender_timeout 0 (a paused relay keeps its replication connection),"
          + " max_wal_size 4GB.";

  private final List<LocalPostgres> clusters = new ArrayList<>();

  /** Starts one more cluster with {@link #SERVER_CONFIG}; {@link #close} stops it. */
  public LocalPostgres start() {
    LocalPostgres cluster = BenchmarkPlatform.startPostgres(SERVER_CONFIG);
    clusters.add(cluster);
    return cluster;
  }

  /** Stops every cluster started here; close the relays on them first (they drop their slots). */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (LocalPostgres cluster : clusters) {
      try {
        cluster.close();
      } catch (RuntimeException e) {
        // Stop the others anyway: a cluster left running outlives the benchmark.
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    clusters.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
