package dev.onceflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (17) streaming standby of a {@link LocalPostgres} primary, as CloudNativePG
 * runs one: physical replication through a slot of its own, synchronous (an acknowledged commit is
 * on both servers), synchronising the primary's failover logical slots ({@code
 * sync_replication_slots}), and the primary holding logical walsenders back until the standby has
 * the WAL ({@code synchronized_standby_slots}). {@link #promote} is the failover: the primary
 * crashes, the standby is promoted and takes over the primary's address, as the cluster's
 * read-write Service would move, so clients follow it by reconnecting.
 */
public final class StreamingStandby implements AutoCloseable {

  /** The primary's physical slot that keeps the WAL the standby has not received yet. */
  public static final String PHYSICAL_SLOT = "onceflow_standby";

  private static final Duration POLL = Duration.ofMillis(250);

  private final LocalPostgres primary;
  private final Path dataDirectory;
  private final Path logFile;
  private LocalPostgres standby;

  private StreamingStandby(LocalPostgres primary, Path dataDirectory, Path logFile) {
    this.primary = primary;
    this.dataDirectory = dataDirectory.toAbsolutePath();
    this.logFile = logFile.toAbsolutePath();
  }

  /**
   * Builds the standby from a copy of the cleanly stopped primary (as {@code pg_basebackup} would,
   * without the primary's slots), starts both, waits until the standby streams, then makes it
   * synchronous. The primary is down for the copy: call this before clients connect.
   *
   * @param primary a running primary this JVM started
   * @param dataDirectory the standby's directory (must not exist yet)
   * @param logFile the standby's server log
   */
  public static StreamingStandby start(
      LocalPostgres primary, Path dataDirectory, Path logFile, Duration patience) {
    StreamingStandby standby = new StreamingStandby(primary, dataDirectory, logFile);
    standby.build(patience);
    return standby;
  }

  private void build(Duration patience) {
    execute(primary, "SELECT pg_create_physical_replication_slot('" + PHYSICAL_SLOT + "')");
    primary.stop();
    copy(primary.dataDirectory(), dataDirectory, primary.logFile());
    try {
      Files.createFile(dataDirectory.resolve("pgdata").resolve("standby.signal"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    primary.start();
    standby =
        LocalPostgres.builder()
            .dataDirectory(dataDirectory)
            .logFile(logFile)
            .superuserPassword(primary.superuserPassword())
            .serverConfig(
                "primary_conninfo",
                "'host="
                    + LocalPostgres.HOST
                    + " port="
                    + primary.port()
                    + " user="
                    + primary.superuser()
                    + " password="
                    + primary.superuserPassword()
                    // Slot synchronisation connects to a database of the primary.
                    + " dbname=postgres'")
            .serverConfig("primary_slot_name", "'" + PHYSICAL_SLOT + "'")
            .serverConfig("hot_standby_feedback", "on")
            .serverConfig("sync_replication_slots", "on")
            .build()
            .start();
    await(
        "the standby streams from " + primary,
        patience,
        () ->
            number(primary, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")
                == 1);
    execute(primary, "ALTER SYSTEM SET synchronous_standby_names = '*'");
    execute(primary, "ALTER SYSTEM SET synchronized_standby_slots = '" + PHYSICAL_SLOT + "'");
    execute(primary, "SELECT pg_reload_conf()");
  }

  /** The standby server, while it is one. */
  public LocalPostgres server() {
    if (standby == null) {
      throw new IllegalStateException("promoted already");
    }
    return standby;
  }

  /**
   * Waits until the standby holds a persistent synchronised copy of the primary's failover slot
   * {@code slot}: a synchronised slot stays temporary, and is dropped at promotion, until the
   * standby has caught up with the slot's position on the primary.
   */
  public void awaitSlotSynchronised(String slot, Duration patience) {
    LocalPostgres server = server();
    await(
        "a persistent synchronised copy of slot " + slot + " on the standby",
        patience,
        () ->
            number(
                    server,
                    "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                        + slot
                        + "' AND synced AND failover AND NOT temporary")
                == 1);
  }

  /**
   * The failover: the primary crashes (immediate mode), the standby is promoted, then restarted on
   * the primary's port as a standalone primary (no standby of its own, so commits no longer wait).
   *
   * @return the new primary, on the old one's address and with the same superuser
   */
  public LocalPostgres promote() {
    LocalPostgres promoting = server();
    primary.crash();
    execute(promoting, "SELECT pg_promote(true, 60)");
    promoting.stop();
    standby = null;
    return LocalPostgres.builder()
        .dataDirectory(dataDirectory)
        .logFile(logFile)
        .port(primary.port())
        .superuserPassword(primary.superuserPassword())
        .build()
        .start();
  }

  /** Stops the standby unless it was promoted (the promoted server belongs to the caller). */
  @Override
  public void close() {
    if (standby != null) {
      standby.close();
      standby = null;
    }
  }

  private static void copy(Path from, Path to, Path primaryLog) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path relative = from.relativize(path);
        String name = relative.toString();
        if (name.startsWith("pgdata/pg_replslot/")
            || name.equals("pgdata/postmaster.pid")
            || path.equals(primaryLog)) {
          continue;
        }
        // PostgreSQL refuses a data directory with wider permissions than its own.
        Files.copy(path, to.resolve(relative), StandardCopyOption.COPY_ATTRIBUTES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }

  private static void await(String what, Duration patience, BooleanSupplier condition) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + patience + " waiting for " + what);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  private static void execute(LocalPostgres server, String sql) {
    try (Connection connection = server.connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " on " + server, e);
    }
  }

  private static long number(LocalPostgres server, String sql) {
    try (Connection connection = server.connect("postgres");
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }
}
