package dev.onceflow.benchmarks.writeside;

import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.cost.CpuCost;
import dev.onceflow.benchmarks.cost.CpuMeter;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.benchmarks.platform.Pgbench;
import dev.onceflow.benchmarks.platform.ShardDatabase;
import dev.onceflow.benchmarks.platform.Wrk;
import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.ServiceEnvironment;
import dev.onceflow.local.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The write side: order-service placing orders over HTTP, driven by {@code wrk}, against its
 * ceiling, {@code pgbench} running the same transaction straight on PostgreSQL; paired rounds in
 * alternating order, CPU per order of every process, latency at the client.
 */
public final class WriteSideBenchmark {

  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static final String SLOT = "onceflow_outbox";

  /**
   * Command-line options.
   *
   * @param rounds paired rounds (pgbench, then wrk, or the other way round)
   * @param seconds measured seconds of each run
   * @param warmUpSeconds one unmeasured run of each before the rounds (the service's JIT)
   * @param pgbenchClients pgbench connections
   * @param wrkConnections requests in flight from wrk
   */
  record Options(
      int rounds,
      int seconds,
      int warmUpSeconds,
      int pgbenchClients,
      int wrkConnections,
      List<String> serviceJvm,
      Path orderServiceJar,
      Path docs) {

    static Options parse(String[] args) {
      BenchmarkOptions values = BenchmarkOptions.parse(args);
      Options options =
          new Options(
              values.atLeast("rounds", 6, 2),
              values.positive("seconds", 20),
              // 30 s was too short: order-service's C2 compiler threads were still busy minutes
              // after its start at this rate (JFR, issue 16), so the first rounds paid for the JIT.
              // 90 s was too short on a slower machine: its CPU per order fell from round to round
              // (1.58 ms to 0.69 ms, 2026-12-07); after 240 s the rounds held 0.57-0.73 ms.
              values.atLeast("warm-up-seconds", 240, 1),
              values.positive("pgbench-clients", 16),
              values.positive("wrk-connections", 64),
              values.words("service-jvm", "-Xmx512m"),
              values.path("order-service-jar", "order-service/target/quarkus-app/quarkus-run.jar"),
              values.path("docs", "docs"));
      values.rejectUnknown();
      return options;
    }

    String commandLine() {
      return "write-side --rounds "
          + rounds
          + " --seconds "
          + seconds
          + " --warm-up-seconds "
          + warmUpSeconds
          + " --pgbench-clients "
          + pgbenchClients
          + " --wrk-connections "
          + wrkConnections;
    }
  }

  /**
   * One measured run: orders committed, over how long, the client's latency (wrk: median; pgbench:
   * mean) and 99th percentile (wrk only), the CPU spent.
   */
  record Run(long orders, double seconds, double latencyMs, double p99Ms, CpuCost cpu) {
    double rate() {
      return orders / seconds;
    }
  }

  private final Options options;

  private WriteSideBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new WriteSideBenchmark(Options.parse(args)).run();
  }

  private void run() throws Exception {
    BenchmarkRun run = BenchmarkRun.begin();
    List<Run> pgbenchRuns = new ArrayList<>();
    List<Run> wrkRuns = new ArrayList<>();
    Path logs = Path.of("target", "benchmark-logs");
    try (BenchmarkPlatform platform = BenchmarkPlatform.start(Map.of(), logs)) {
      LocalPostgres postgres = platform.postgres();
      ShardDatabase ceiling = ShardDatabase.create(postgres, "ws_pgbench");
      // order-service migrates its own database at start-up, as in production.
      ShardDatabase service = ShardDatabase.owned(postgres, "ws_orders");
      // Both outboxes under a replication slot, as with a relay attached, and no relay running;
      // order-service checks for its slot (by its default name; slot names are cluster-wide).
      postgres.ensureLogicalReplicationSlot(ceiling.name(), ceiling.name());
      postgres.ensureLogicalReplicationSlot(service.name(), SLOT);
      try (ServiceProcess orderService =
          ServiceProcess.builder("order-service")
              .jar(options.orderServiceJar())
              .jvmOptions(options.serviceJvm())
              .environment(ServiceEnvironment.JDBC_URL, postgres.jdbcUrl(service.name()))
              .environment(ServiceEnvironment.JDBC_USERNAME, service.owner())
              .environment(ServiceEnvironment.JDBC_PASSWORD, service.ownerPassword())
              .environment(ServiceToken.ENVIRONMENT_VARIABLE, BenchmarkPlatform.SERVICE_TOKEN)
              // Its inbox (payment events) idles on the platform's Kafka, as in production.
              .environment(
                  ServiceEnvironment.KAFKA_BOOTSTRAP_SERVERS,
                  platform.endpoints().kafkaBootstrapServers())
              .logFile(logs.resolve("write-side-order-service.log"))
              .build()) {
        orderService.start().awaitReady(STARTUP);
        Pgbench pgbench = new Pgbench(postgres, ceiling, logs.resolve("write-side-pgbench.log"));
        Wrk wrk = new Wrk(orderService.uri("/"), logs.resolve("write-side-wrk.log"));
        CpuMeter pgbenchMeter = meter(platform, List.of());
        CpuMeter wrkMeter =
            meter(platform, List.of(CpuMeter.process("order-service", orderService.pid())));
        // Warm-up: the service's JIT, and both databases past their first pages.
        pgbench(pgbench, options.warmUpSeconds(), pgbenchMeter);
        wrk(wrk, "warm", options.warmUpSeconds(), wrkMeter);
        for (int round = 0; round < options.rounds(); round++) {
          ceiling.vacuumAndCheckpoint(postgres);
          service.vacuumAndCheckpoint(postgres);
          if (round % 2 == 0) {
            pgbenchRuns.add(pgbench(pgbench, options.seconds(), pgbenchMeter));
            wrkRuns.add(wrk(wrk, "round" + round, options.seconds(), wrkMeter));
          } else {
            wrkRuns.add(wrk(wrk, "round" + round, options.seconds(), wrkMeter));
            pgbenchRuns.add(pgbench(pgbench, options.seconds(), pgbenchMeter));
          }
          log("round %d of %d done", round + 1, options.rounds());
        }
        ceiling.dropSlots(postgres);
        service.dropSlots(postgres);
      }
    }
    WriteSideFigures figures = new WriteSideFigures(options, pgbenchRuns, wrkRuns);
    run.record(
        options.docs(),
        "write_side",
        options.commandLine(),
        "PostgreSQL, order-service (its own JVM), pgbench and wrk as separate processes on the"
            + " same machine",
        figures.notes(),
        figures.figures());
  }

  private static CpuMeter meter(BenchmarkPlatform platform, List<CpuMeter.Participant> service) {
    List<CpuMeter.Participant> participants = new ArrayList<>(service);
    participants.add(
        CpuMeter.postgres("postgres", platform.postgres().postmasterPid().orElseThrow()));
    participants.add(CpuMeter.reapedChildren("load generator"));
    return CpuMeter.of(participants);
  }

  private Run pgbench(Pgbench pgbench, int seconds, CpuMeter meter) {
    CpuMeter.Reading before = meter.read();
    Pgbench.Result result =
        pgbench.run(
            List.of("--client=" + options.pgbenchClients(), "--jobs=2", "--time=" + seconds),
            false);
    CpuCost cpu = meter.since(before);
    log(
        "pgbench: %,.0f txn/s, mean latency %.2f ms, CPU ms %s",
        result.tps(), result.latencyAverageMs(), cpu.millis());
    // pgbench reports the mean latency only; its rate leaves out the connections' set-up.
    return new Run(
        result.transactions(),
        result.transactions() / result.tps(),
        result.latencyAverageMs(),
        Double.NaN,
        cpu);
  }

  private Run wrk(Wrk wrk, String prefix, int seconds, CpuMeter meter) {
    CpuMeter.Reading before = meter.read();
    Wrk.Result result = wrk.run(prefix, options.wrkConnections(), Duration.ofSeconds(seconds));
    CpuCost cpu = meter.since(before);
    if (result.failed() > 0) {
      throw new IllegalStateException(result.failed() + " orders failed; see the logs");
    }
    log(
        "wrk: %,.0f orders/s, p50 %.2f ms, p99 %.2f ms, CPU ms %s",
        result.ordersPerSecond(), result.p50Ms(), result.p99Ms(), cpu.millis());
    return new Run(
        result.requests() - result.failed(), result.seconds(), result.p50Ms(), result.p99Ms(), cpu);
  }

  static void log(String format, Object... args) {
    System.out.printf("[write-side] " + format + "%n", args);
  }
}
