package dev.onceflow.benchmarks.platform;

import dev.onceflow.benchmarks.BundledFile;
import dev.onceflow.local.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A database of its own for one relay under test: order-service's schema (its Flyway migration, as
 * the service would apply it) and platform-core's outbox, owned by a non-superuser, plus a relay
 * role with {@code REPLICATION} and no table grant (the relay's least privilege).
 *
 * @param name database name
 * @param owner the owning role: the application's, which writes orders and outbox rows
 * @param ownerPassword its password
 * @param relayRole the relay's role
 * @param relayPassword its password
 */
public record ShardDatabase(
    String name, String owner, String ownerPassword, String relayRole, String relayPassword) {

  /** platform-core's outbox migration, on this module's class path. */
  private static final String OUTBOX_MIGRATION = "db/onceflow/outbox/V0_1_1__onceflow_outbox.sql";

  /**
   * order-service's migrations, read from the source tree (the benchmarks run from the repository)
   * and applied in version order, as Flyway would.
   */
  private static final Path ORDERS_MIGRATIONS =
      Path.of("order-service/src/main/resources/db/migration");

  /** Creates database {@code name}, its roles, order-service's tables and the outbox. */
  public static ShardDatabase create(LocalPostgres postgres, String name) {
    ShardDatabase database = owned(postgres, name);
    try (Connection connection = database.connectAsOwner(postgres);
        Statement statement = connection.createStatement()) {
      for (Path migration : ordersMigrations()) {
        statement.execute(Files.readString(migration, StandardCharsets.UTF_8));
      }
      statement.execute(BundledFile.text(OUTBOX_MIGRATION));
    } catch (IOException e) {
      throw new UncheckedIOException("run the benchmarks from the repository's root", e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the schema of " + name, e);
    }
    return database;
  }

  private static List<Path> ordersMigrations() throws IOException {
    try (Stream<Path> files = Files.list(ORDERS_MIGRATIONS)) {
      return files
          .filter(f -> f.getFileName().toString().matches("V\\d+(_\\d+)*__.*\\.sql"))
          .sorted(Comparator.comparing(ShardDatabase::version))
          .toList();
    }
  }

  // V3__x.sql -> "00003"; V1_1__y.sql -> "00001.00001": sorts as Flyway's versions do.
  private static String version(Path migration) {
    String name = migration.getFileName().toString();
    String[] parts = name.substring(1, name.indexOf("__")).split("_");
    StringBuilder key = new StringBuilder();
    for (String part : parts) {
      key.append(String.format("%05d.", Integer.parseInt(part)));
    }
    return key.toString();
  }

  /**
   * Creates database {@code name} and its roles, without tables: for a service that migrates its
   * own schema at start-up.
   */
  public static ShardDatabase owned(LocalPostgres postgres, String name) {
    ShardDatabase database =
        new ShardDatabase(
            name,
            name + "_owner",
            UUID.randomUUID().toString(),
            name + "_relay",
            UUID.randomUUID().toString());
    postgres.ensureDatabase(name, database.owner, database.ownerPassword);
    postgres.ensureRole(database.relayRole, database.relayPassword, true);
    return database;
  }

  /** A connection as the owner (the application's role). */
  public Connection connectAsOwner(LocalPostgres postgres) throws SQLException {
    return postgres.connect(name, owner, ownerPassword);
  }

  /**
   * {@code VACUUM ANALYZE} of the whole database, then a {@code CHECKPOINT}: every round starts
   * without dead rows, stale statistics or a checkpoint pending from the previous one.
   */
  public void vacuumAndCheckpoint(LocalPostgres postgres) {
    vacuumAndCheckpoint(postgres, name);
  }

  /** {@code VACUUM ANALYZE} then {@code CHECKPOINT} of any database of {@code postgres}. */
  public static void vacuumAndCheckpoint(LocalPostgres postgres, String name) {
    try (Connection connection = postgres.connect(name);
        Statement statement = connection.createStatement()) {
      statement.execute("VACUUM ANALYZE");
      statement.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot vacuum " + name, e);
    }
  }

  /**
   * Drops this database's replication slots once nothing streams from them (its relay is stopped
   * first; its walsender ends within moments), so that they stop retaining the cluster's WAL for
   * the rest of the run.
   */
  public void dropSlots(LocalPostgres postgres) {
    try (Connection connection = postgres.connect(name);
        Statement statement = connection.createStatement()) {
      Awaitility.await("the walsenders of " + name + " ended")
          .atMost(Duration.ofSeconds(30))
          .until(() -> activeSlots(statement) == 0);
      statement.execute(
          "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
              + " WHERE database = current_database() AND NOT active");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the slots of " + name, e);
    }
  }

  /**
   * The pids of the walsenders streaming from this database's slots, in slot order: a relay that
   * kept streaming through a pause has the same one before and after it.
   */
  public List<Long> walsenderPids(LocalPostgres postgres) {
    try (Connection connection = postgres.connect(name);
        Statement statement = connection.createStatement();
        var rows =
            statement.executeQuery(
                "SELECT active_pid FROM pg_replication_slots WHERE database = current_database()"
                    + " AND active ORDER BY slot_name")) {
      List<Long> pids = new ArrayList<>();
      while (rows.next()) {
        pids.add(rows.getLong(1));
      }
      return pids;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the slots of " + name, e);
    }
  }

  private static long activeSlots(Statement statement) throws SQLException {
    try (var rows =
        statement.executeQuery(
            "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"
                + " AND active")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
