package dev.onceflow.benchmarks.takeover;

import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.benchmarks.platform.EventTap;
import dev.onceflow.benchmarks.platform.PackagedRelay;
import dev.onceflow.benchmarks.platform.PackagedRelayOptions;
import dev.onceflow.benchmarks.platform.RelayReadiness;
import dev.onceflow.benchmarks.platform.ShardDatabase;
import dev.onceflow.local.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Relay takeover after {@code kill -9}: two packaged relays of one shard (one active, one standing
 * by) while a steady trickle of outbox writes runs; the active one is killed with SIGKILL again and
 * again, and each time a new process starts as the next standby. Takeover is the time from the kill
 * to the broker's append time of the first event published after it, which only the new holder can
 * publish (the dead one's open transaction is aborted when the new holder fences it). At the end
 * every committed outbox row must be in Kafka exactly once, read {@code read_committed}.
 */
public final class TakeoverBenchmark {

  static final String SHARD = "bench_takeover";
  static final int PARTITIONS = 3;
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private final BenchmarkOptions values;
  private final int kills;
  private final int rate;
  private final PackagedRelayOptions relayOptions;
  private final Map<String, String> relayConfig = new LinkedHashMap<>();
  private final Random random = new Random(16);
  private BenchmarkPlatform platform;
  private ShardDatabase database;
  private int instances;

  private TakeoverBenchmark(String[] args) {
    values = BenchmarkOptions.parse(args);
    kills = values.atLeast("kills", 12, 1);
    rate = values.positive("rate", 200);
    relayOptions = PackagedRelayOptions.read(values);
    for (String pair : values.text("relay-config", "").split(",")) {
      if (!pair.isBlank()) {
        String[] keyValue = pair.split("=", 2);
        relayConfig.put(keyValue[0].trim(), keyValue[1].trim());
      }
    }
    values.rejectUnknown();
  }

  public static void main(String[] args) throws Exception {
    new TakeoverBenchmark(args).run();
  }

  private void run() throws Exception {
    BenchmarkRun run = BenchmarkRun.begin();
    List<TakeoverFigures.Kill> done = new ArrayList<>();
    List<UUID> committed;
    List<EventTap.Arrival> arrivals;
    try (BenchmarkPlatform started =
        BenchmarkPlatform.start(Map.of(), Path.of("target", "benchmark-logs"))) {
      platform = started;
      // The phases are read from the relays' logs, which a process appends to across runs.
      try (var old = Files.newDirectoryStream(platform.logs(), "takeover-relay-*.log")) {
        for (Path log : old) {
          Files.delete(log);
        }
      }
      database = ShardDatabase.create(platform.postgres(), SHARD);
      String topic = PackagedRelay.orderTopic(SHARD);
      platform.createTopic(topic, PARTITIONS, Map.of("message.timestamp.type", "LogAppendTime"));
      List<ServiceProcess> relays = new ArrayList<>();
      try (EventTap tap = new EventTap(platform.bootstrapServers(), topic, PARTITIONS)) {
        ServiceProcess active = await(relays, relay(), "active");
        ServiceProcess standby = await(relays, relay(), "standby");
        try (Trickle trickle = Trickle.start(platform.postgres(), database, rate)) {
          for (int kill = 1; kill <= kills; kill++) {
            // The active one publishes steadily, the standby competes for the lock.
            int target = tap.count() + 2 * rate;
            until(() -> tap.count() >= target, "events before kill " + kill);
            ServiceProcess waiting = standby;
            until(() -> "standby".equals(RelayReadiness.role(waiting)), "a standby");
            // Out of phase with the standby's lock polls, as a real crash is.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(1000)));
            long killedAt = System.currentTimeMillis();
            active.kill();
            until(() -> "active".equals(RelayReadiness.role(waiting)), "takeover " + kill);
            done.add(new TakeoverFigures.Kill(killedAt, standby.logFile()));
            log("kill %d of %d: %s took over from %s", kill, kills, standby.name(), active.name());
            active = standby;
            standby = await(relays, relay(), "standby");
          }
          int target = tap.count() + 2 * rate;
          until(() -> tap.count() >= target, "events after the last kill");
          committed = trickle.stop();
        }
        until(() -> tap.count() >= committed.size(), "every committed event in Kafka");
        // Anything late (a duplicate) would arrive within moments.
        int seen = tap.count();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
        if (tap.count() != seen) {
          until(quiet(tap), "no more events");
        }
        arrivals = tap.arrivals();
        active.stop(Duration.ofSeconds(60));
        standby.stop(Duration.ofSeconds(60));
      } finally {
        relays.forEach(ServiceProcess::close);
      }
    }
    TakeoverFigures figures = new TakeoverFigures(done, committed, arrivals, rate, relayConfig);
    run.record(
        relayOptions.docs(),
        "takeover",
        commandLine(),
        "PostgreSQL, the Kafka broker (its own JVM, "
            + String.join(" ", BenchmarkPlatform.BROKER_JVM)
            + "), two relays of one shard (each its own JVM, "
            + String.join(" ", relayOptions.jvm())
            + ") and the trickle writer (the benchmark's JVM) on the same machine",
        figures.notes(),
        figures.figures());
  }

  private ServiceProcess relay() throws Exception {
    instances++;
    return PackagedRelay.builder(
            platform,
            database,
            SHARD,
            "takeover-relay-" + instances,
            "exactly-once",
            relayOptions.jar(),
            relayOptions.jvm(),
            relayConfig)
        .build();
  }

  private static ServiceProcess await(
      List<ServiceProcess> relays, ServiceProcess relay, String role) {
    relays.add(relay);
    relay.start();
    relay.awaitWhileAlive(() -> role.equals(RelayReadiness.role(relay)), PATIENCE, role);
    return relay;
  }

  private static BooleanSupplier quiet(EventTap tap) {
    int[] last = {tap.count()};
    long[] since = {System.nanoTime()};
    return () -> {
      int now = tap.count();
      if (now != last[0]) {
        last[0] = now;
        since[0] = System.nanoTime();
      }
      return System.nanoTime() - since[0] > TimeUnit.SECONDS.toNanos(3);
    };
  }

  private static void until(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      // Not faster: each readiness probe costs the relays CPU (and a log line) while they work.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
  }

  private String commandLine() {
    return "takeover --kills "
        + kills
        + " --rate "
        + rate
        + (relayConfig.isEmpty()
            ? ""
            : " --relay-config "
                + String.join(",", relayConfig.entrySet().stream().map(e -> e + "").toList()));
  }

  static void log(String format, Object... args) {
    System.out.printf("[takeover] " + format + "%n", args);
  }
}
