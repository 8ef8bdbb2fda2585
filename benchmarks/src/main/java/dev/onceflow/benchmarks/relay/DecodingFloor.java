package dev.onceflow.benchmarks.relay;

import dev.onceflow.benchmarks.cost.CpuCost;
import dev.onceflow.benchmarks.cost.CpuMeter;
import dev.onceflow.benchmarks.cost.ProcessCpu;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.benchmarks.platform.LoadTools;
import dev.onceflow.benchmarks.platform.Pgbench;
import dev.onceflow.benchmarks.platform.ShardDatabase;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Drain;
import dev.onceflow.local.LocalPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The logical-decoding floor: an order-shaped backlog drained from a {@code pgoutput} slot by the
 * leanest client there is, {@code pg_recvlogical} writing the messages to {@code /dev/null}. What
 * PostgreSQL spends here (its walsender decoding the WAL) every CDC relay on {@code pgoutput} pays
 * too, whatever it does with the messages; so it is a floor under a CDC relay's cost and a ceiling
 * on its drain rate. Like a relay under test it has a cluster and database of its own.
 */
final class DecodingFloor implements AutoCloseable {

  /** The client's label in the CPU costs. */
  static final String CLIENT = "pg_recvlogical";

  static final String PUBLICATION = "onceflow_outbox";
  private static final String NAME = "bench_floor";
  private static final String SLOT = "bench_floor_drain";
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  private final BenchmarkPlatform platform;
  private final LocalPostgres postgres;
  private final Path log;
  private final ProcessCpu processes = new ProcessCpu();
  private ShardDatabase database;
  private CpuMeter meter;
  private String client;

  DecodingFloor(BenchmarkPlatform platform, LocalPostgres postgres) {
    this.platform = platform;
    this.postgres = postgres;
    this.log = platform.logs().resolve("pg_recvlogical.log");
  }

  /** Creates its database (order-service's schema, the outbox and its publication). */
  DecodingFloor start() {
    client = LoadTools.require(CLIENT, Pgbench.PACKAGE);
    database = ShardDatabase.create(postgres, NAME);
    List<CpuMeter.Participant> participants = new ArrayList<>(platform.cpuParticipants(postgres));
    // pg_recvlogical exits at the end of each drain: this JVM reaps it, and nothing else it
    // started ends during a drain (the relays stay alive, paused).
    participants.add(CpuMeter.reapedChildren(CLIENT));
    meter = CpuMeter.of(participants);
    return this;
  }

  /**
   * Creates a fresh slot, writes an order-shaped backlog of {@code events}, vacuums and
   * checkpoints, then times {@code pg_recvlogical} from its start to its exit at the WAL position
   * the backlog ended at.
   */
  Drain drain(int events) throws Exception {
    execute("SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
    long written = System.nanoTime();
    Backlog.ORDERS.write(postgres, database, events, false, platform.logs());
    double writeSeconds = (System.nanoTime() - written) / 1e9;
    String end = query("SELECT pg_current_wal_lsn()::text");
    database.vacuumAndCheckpoint(postgres);
    long postmaster = postgres.postmasterPid().orElseThrow();
    Set<Long> children = Set.copyOf(processes.children(postmaster).keySet());
    CpuMeter.Reading before = meter.read();
    long started = System.nanoTime();
    Process process = recvlogical(end).start();
    if (!process.waitFor(PATIENCE.toMinutes(), TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(CLIENT + " did not reach " + end + "; see " + log);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (process.exitValue() != 0) {
      throw new IllegalStateException(CLIENT + " failed (exit " + process.exitValue() + ")");
    }
    // The walsender ends after its client: wait until the postmaster reaped it (its CPU then
    // shows as "postgres exited"), so that none of its time is left out. A child still alive is
    // counted anyway, up to now; so a timeout costs the figure little and the run nothing.
    try {
      Awaitility.await("the walsender of " + NAME + " reaped")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> children.containsAll(processes.children(postmaster).keySet()));
    } catch (ConditionTimeoutException e) {
      RelayUnderTest.log(
          "%s: children of the postmaster still running after the drain: %s", NAME, e);
    }
    CpuCost cpu = meter.since(before);
    database.dropSlots(postgres);
    Drain drain = new Drain(events, seconds, cpu);
    RelayUnderTest.log(
        "%s (decoding floor): %,d events written in %.1f s, decoded in %.3f s: %,.0f events/s;"
            + " CPU ms %s",
        NAME, events, writeSeconds, seconds, drain.rate(), cpu.millis());
    return drain;
  }

  /** {@code pg_recvlogical} as the relay's role over TCP, with the options a CDC relay uses. */
  private ProcessBuilder recvlogical(String endLsn) {
    ProcessBuilder builder =
        new ProcessBuilder(
                client,
                "--host=" + LocalPostgres.HOST,
                "--port=" + postgres.port(),
                "--username=" + database.relayRole(),
                "--dbname=" + database.name(),
                "--slot=" + SLOT,
                "--start",
                "--endpos=" + endLsn,
                "--no-loop",
                "--file=/dev/null",
                "--option=proto_version=1",
                "--option=publication_names=" + PUBLICATION)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("PGPASSWORD", database.relayPassword());
    return builder;
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = postgres.connect(NAME);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private String query(String sql) throws SQLException {
    try (Connection connection = postgres.connect(NAME);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  @Override
  public void close() {
    if (database != null) {
      database.dropSlots(postgres);
    }
  }
}
