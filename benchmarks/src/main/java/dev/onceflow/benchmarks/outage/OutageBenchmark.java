package dev.onceflow.benchmarks.outage;

import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.cost.CpuCost;
import dev.onceflow.benchmarks.cost.CpuMeter;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.benchmarks.platform.EventTap;
import dev.onceflow.benchmarks.platform.PackagedRelay;
import dev.onceflow.benchmarks.platform.PackagedRelayOptions;
import dev.onceflow.benchmarks.platform.Pgbench;
import dev.onceflow.benchmarks.platform.RelayReadiness;
import dev.onceflow.benchmarks.platform.ShardDatabase;
import dev.onceflow.local.ServiceProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Slot lag and catch-up after a relay outage: order-shaped writes at a steady rate (pgbench, one
 * order and its {@code OrderPlaced} per transaction, the row deleted again as the outbox does), the
 * exactly-once relay killed with SIGKILL (a crash, a lost node or a pod gone: its replication
 * connection drops and the slot goes inactive) and restarted after {@code --outage-seconds}. The
 * slot is sampled every second; catch-up ends when an event reaches Kafka less than a second after
 * it was written again. Every order written must be in Kafka exactly once.
 */
public final class OutageBenchmark {

  static final String SHARD = "bench_outage";
  static final int PARTITIONS = 3;
  static final long CAUGHT_UP_LAG_MS = 1000;
  private static final Duration PATIENCE = Duration.ofMinutes(5);

  private final int rate;
  private final int outageSeconds;
  private final int warmUpSeconds;
  private final int afterSeconds;
  private final PackagedRelayOptions relayOptions;

  private OutageBenchmark(String[] args) {
    BenchmarkOptions values = BenchmarkOptions.parse(args);
    rate = values.positive("rate", 400);
    outageSeconds = values.positive("outage-seconds", 300);
    warmUpSeconds = values.positive("warm-up-seconds", 30);
    afterSeconds = values.positive("after-seconds", 120);
    relayOptions = PackagedRelayOptions.read(values);
    values.rejectUnknown();
  }

  public static void main(String[] args) throws Exception {
    new OutageBenchmark(args).run();
  }

  private void run() throws Exception {
    BenchmarkRun run = BenchmarkRun.begin();
    OutageFigures.Run recorded;
    try (BenchmarkPlatform platform =
        BenchmarkPlatform.start(Map.of(), Path.of("target", "benchmark-logs"))) {
      ShardDatabase database = ShardDatabase.create(platform.postgres(), SHARD);
      String topic = PackagedRelay.orderTopic(SHARD);
      platform.createTopic(topic, PARTITIONS, Map.of("message.timestamp.type", "LogAppendTime"));
      ServiceProcess relay =
          PackagedRelay.builder(
                  platform,
                  database,
                  SHARD,
                  "outage-relay",
                  "exactly-once",
                  relayOptions.jar(),
                  relayOptions.jvm(),
                  Map.of())
              .build();
      try (EventTap tap = new EventTap(platform.bootstrapServers(), topic, PARTITIONS)) {
        relay.start();
        relay.awaitWhileAlive(
            () -> "active".equals(RelayReadiness.role(relay)), PATIENCE, "active");
        try (SlotWatch watch = SlotWatch.start(platform.postgres(), SHARD, SHARD)) {
          int seconds = warmUpSeconds + outageSeconds + afterSeconds;
          long startedWriting = System.currentTimeMillis();
          CompletableFuture<Pgbench.Result> writes =
              CompletableFuture.supplyAsync(
                  () ->
                      new Pgbench(
                              platform.postgres(),
                              database,
                              platform.logs().resolve("pgbench-outage.log"))
                          .run(
                              List.of(
                                  "--client=4", "--jobs=2", "--rate=" + rate, "--time=" + seconds),
                              false));
          pause(warmUpSeconds, "warm-up, relay running");
          long killedAt = System.currentTimeMillis();
          relay.kill();
          log("relay killed (SIGKILL); slot lag %,d bytes", watch.lagBytes());
          pause(outageSeconds, "outage");
          log("restarting the relay; slot lag %,d bytes", watch.lagBytes());
          long restartedAt = System.currentTimeMillis();
          relay.start();
          CpuMeter meter = meter(platform, relay);
          CpuMeter.Reading before = meter.read();
          int countAtRestart = tap.count();
          until(
              () -> tap.count() > countAtRestart && tap.latestLagMs() < CAUGHT_UP_LAG_MS,
              "caught up");
          CpuCost catchUpCpu = meter.since(before);
          long caughtUpEvents = tap.count() - countAtRestart;
          log("caught up: %,d events since the restart", caughtUpEvents);
          Pgbench.Result written = writes.join();
          List<String> keys = orderIds(platform, database);
          until(() -> tap.count() >= keys.size(), "every order's event in Kafka");
          // Anything late (a duplicate) would arrive within moments.
          LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
          relay.stop(Duration.ofSeconds(60));
          recorded =
              new OutageFigures.Run(
                  startedWriting,
                  killedAt,
                  restartedAt,
                  watch.samples(),
                  tap.arrivals(),
                  keys,
                  written.tps(),
                  (catchUpCpu.millis("relay") + catchUpCpu.millis("postgres"))
                      * 1000.0
                      / Math.max(1, caughtUpEvents));
        }
      } finally {
        relay.close();
        database.dropSlots(platform.postgres());
      }
    }
    OutageFigures figures = new OutageFigures(recorded, CAUGHT_UP_LAG_MS);
    List<String> notes = new ArrayList<>();
    notes.add(
        String.format(
            "Writes: pgbench --rate=%d (4 clients, Poisson arrivals) running order-placement.pgbench for %d s: one order, its line and idempotency rows and one OrderPlaced outbox row (deleted again in the same transaction, the outbox's default) per transaction. A %d s warm-up with the relay running, then SIGKILL of the relay (a crash or a lost pod: the replication connection drops, the slot goes inactive; SIGSTOP would keep the connection open until wal_sender_timeout, which no real outage does), %d s without it, then the same relay started again (exactly-once, shipped defaults, JVM %s), %d s of writes after.",
            rate,
            warmUpSeconds + outageSeconds + afterSeconds,
            warmUpSeconds,
            outageSeconds,
            String.join(" ", relayOptions.jvm()),
            afterSeconds));
    notes.add(
        "Slot sampled every second as a superuser: pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) (lag), pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) (retained) and sum(size) of pg_ls_waldir(). Catch-up ends at the broker's append time (LogAppendTime) of the first event after the restart whose append time - created_at is under "
            + CAUGHT_UP_LAG_MS
            + " ms; events are read by a read_committed consumer. PostgreSQL at local-platform's settings (max_slot_wal_keep_size unlimited).");
    notes.addAll(figures.notes());
    run.record(
        relayOptions.docs(),
        "relay-outage",
        String.format(
            "relay-outage --rate %d --outage-seconds %d --warm-up-seconds %d --after-seconds %d",
            rate, outageSeconds, warmUpSeconds, afterSeconds),
        "PostgreSQL, the Kafka broker (its own JVM, "
            + String.join(" ", BenchmarkPlatform.BROKER_JVM)
            + "), the relay (its own JVM) and pgbench on the same machine",
        notes,
        figures.figures());
  }

  private static CpuMeter meter(BenchmarkPlatform platform, ServiceProcess relay) {
    List<CpuMeter.Participant> participants = new ArrayList<>();
    participants.add(CpuMeter.process("relay", relay.pid()));
    participants.addAll(platform.cpuParticipants());
    return CpuMeter.of(participants);
  }

  private static List<String> orderIds(BenchmarkPlatform platform, ShardDatabase database)
      throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection connection = platform.postgres().connect(database.name());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id::text FROM orders")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }

  private static void pause(int seconds, String what) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (long left; (left = end - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(Math.min(left, TimeUnit.SECONDS.toNanos(30)));
      log("%s: %d s left", what, Math.max(0, (end - System.nanoTime()) / 1_000_000_000));
    }
  }

  private static void until(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  static void log(String format, Object... args) {
    System.out.printf("[relay-outage] " + format + "%n", args);
  }
}
