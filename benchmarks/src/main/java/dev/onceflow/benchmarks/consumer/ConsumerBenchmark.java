package dev.onceflow.benchmarks.consumer;

import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_DUPLICATES;
import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_PROCESSED;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.COUNTER;
import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;

import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.cost.CpuCost;
import dev.onceflow.benchmarks.cost.CpuMeter;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.ServiceEnvironment;
import dev.onceflow.local.ServiceProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * inbox-consumer's throughput and CPU per event: a backlog of order events, all new or with 10 %
 * duplicate deliveries, through the packaged consumer in its own JVM at its shipped defaults.
 *
 * <p>Each run: a fresh database, topic and consumer; a warm-up backlog (event ids {@code UUID(0,
 * n)}) then the measured one ({@code UUID(1, n)}), both committed before the consumer starts. The
 * time runs from the instant the warm-up's worth of effects committed to the last effect, as the
 * consumer recorded them ({@code inbox_event.processed_at}); the effects are then checked: one
 * inbox row per distinct event, duplicates counted exactly. Rounds alternate which scenario runs
 * first.
 */
public final class ConsumerBenchmark {

  private static final Duration PATIENCE = Duration.ofMinutes(10);

  /**
   * Command-line options; a batch size of 0 leaves the service's default.
   *
   * @param rounds paired rounds, each running both scenarios
   */
  record Options(
      int events,
      int warmUp,
      int partitions,
      int batchSize,
      int rounds,
      Path consumerJar,
      Path docs) {

    static Options parse(String[] args) {
      BenchmarkOptions values = BenchmarkOptions.parse(args);
      Options options =
          new Options(
              values.positive("events", 100_000),
              values.positive("warm-up", 30_000),
              values.positive("partitions", 4),
              values.atLeast("batch-size", 0, 0),
              values.atLeast("rounds", 6, 2),
              values.path("consumer-jar", "inbox-consumer/target/quarkus-app/quarkus-run.jar"),
              values.path("docs", "docs"));
      values.rejectUnknown();
      return options;
    }

    String commandLine() {
      return "consumer --events "
          + events
          + " --warm-up "
          + warmUp
          + " --partitions "
          + partitions
          + (batchSize > 0 ? " --batch-size " + batchSize : "")
          + " --rounds "
          + rounds;
    }
  }

  /** One scenario's run: events, of which duplicates, over how long, at what CPU. */
  record Result(int events, int duplicates, double seconds, CpuCost cpu) {
    double rate() {
      return events / seconds;
    }
  }

  private final Options options;

  private ConsumerBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new ConsumerBenchmark(Options.parse(args)).run();
  }

  private void run() throws Exception {
    BenchmarkRun run = BenchmarkRun.begin();
    List<Result> unique = new ArrayList<>();
    List<Result> duplicates = new ArrayList<>();
    try (BenchmarkPlatform platform =
        BenchmarkPlatform.start(Map.of(), Path.of("target", "benchmark-logs"))) {
      for (int round = 0; round < options.rounds(); round++) {
        if (round % 2 == 0) {
          unique.add(scenario(platform, "unique", 0.0));
          duplicates.add(scenario(platform, "dup10", 0.10));
        } else {
          duplicates.add(scenario(platform, "dup10", 0.10));
          unique.add(scenario(platform, "unique", 0.0));
        }
      }
    }
    ConsumerFigures.record(
        options,
        run,
        "PostgreSQL, the Kafka broker (its own JVM) and inbox-consumer (its own JVM) as separate"
            + " processes on the same machine",
        unique,
        duplicates);
  }

  private Result scenario(BenchmarkPlatform platform, String name, double share) throws Exception {
    LocalPostgres postgres = platform.postgres();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String database = "bench_inbox_" + name + "_" + suffix;
    String password = UUID.randomUUID().toString();
    String topic = "bench.order." + name + "." + suffix;
    postgres.ensureDatabase(database, database, password);
    platform.createTopic(topic, options.partitions(), Map.of());
    int distinct = (int) Math.round(options.events() * (1 - share));
    var records = EventBacklog.of(topic, 0, options.warmUp(), 0, 1);
    records.addAll(EventBacklog.of(topic, 1, distinct, options.events() - distinct, 2));
    EventBacklog.publish(platform.bootstrapServers(), records);

    ServiceProcess.Builder builder =
        ServiceProcess.builder("inbox-consumer-" + name)
            .jar(options.consumerJar())
            .jvmOptions(List.of("-Xmx256m"))
            .environment(ServiceEnvironment.JDBC_URL, postgres.jdbcUrl(database))
            .environment(ServiceEnvironment.JDBC_USERNAME, database)
            .environment(ServiceEnvironment.JDBC_PASSWORD, password)
            .environment(ServiceToken.ENVIRONMENT_VARIABLE, BenchmarkPlatform.SERVICE_TOKEN)
            .environment(ServiceEnvironment.KAFKA_BOOTSTRAP_SERVERS, platform.bootstrapServers())
            .systemProperty("onceflow.inbox.topic", topic)
            .systemProperty("onceflow.inbox.consumer-name", "bench-" + name + "-" + suffix)
            .logFile(platform.logs().resolve("consumer-" + name + ".log"));
    if (options.batchSize() > 0) {
      builder.systemProperty("onceflow.inbox.batch-size", Integer.toString(options.batchSize()));
    }
    long total = options.warmUp() + options.events();
    try (ServiceProcess consumer = builder.build()) {
      consumer.start();
      List<CpuMeter.Participant> participants = new ArrayList<>();
      participants.add(CpuMeter.process("inbox-consumer", consumer.pid()));
      participants.addAll(platform.cpuParticipants());
      CpuMeter meter = CpuMeter.of(participants);
      consumer.awaitReady(PATIENCE);
      // The CPU interval opens once the warm-up is handled (a 50 ms poll: a few ms of idle
      // consumer at either end); the time comes from the consumer's own records.
      awaitHandled(consumer, options.warmUp());
      CpuMeter.Reading before = meter.read();
      awaitHandled(consumer, total);
      CpuCost cpu = meter.since(before);
      double seconds = checkAndTime(postgres, database, distinct);
      Result result = new Result(options.events(), options.events() - distinct, seconds, cpu);
      log(
          "%s: %,d events in %.3f s = %,.0f events/s; CPU ms %s",
          name, options.events(), seconds, result.rate(), cpu.millis());
      return result;
    }
  }

  private void awaitHandled(ServiceProcess consumer, long count) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (handled(consumer) < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(consumer.name() + ": fewer than " + count + " handled");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  /** processed + duplicates, from the consumer's Prometheus counters (summed over tags). */
  private static double handled(ServiceProcess consumer) {
    try {
      double sum = 0;
      for (String line : consumer.get("/q/metrics").body().split("\n")) {
        if (line.startsWith(prometheus(INBOX_PROCESSED, COUNTER))
            || line.startsWith(prometheus(INBOX_DUPLICATES, COUNTER))) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /**
   * Checks the inbox (one row per distinct event) and times the measured backlog from it: from the
   * instant the warm-up's worth of effects had committed to the last effect. Partitions interleave,
   * so that instant is when as many events as the warm-up had their effect, not the last warm-up
   * event; the consumer stamps each batch's effects with one instant (its {@code processed_at}).
   */
  private double checkAndTime(LocalPostgres postgres, String database, int distinct)
      throws Exception {
    String measured = new UUID(1, 0).toString();
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FILTER (WHERE event_id < '"
                    + measured
                    + "'),"
                    + " count(*) FILTER (WHERE event_id >= '"
                    + measured
                    + "'),"
                    + " (SELECT processed_at FROM inbox_event ORDER BY processed_at"
                    + " OFFSET "
                    + (options.warmUp() - 1)
                    + " LIMIT 1),"
                    + " max(processed_at) FROM inbox_event")) {
      rows.next();
      if (rows.getLong(1) != options.warmUp() || rows.getLong(2) != distinct) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "%s: inbox rows %d + %d, expected %d + %d",
                database,
                rows.getLong(1),
                rows.getLong(2),
                options.warmUp(),
                distinct));
      }
      Timestamp warmedUp = rows.getTimestamp(3);
      Timestamp done = rows.getTimestamp(4);
      return Duration.between(warmedUp.toInstant(), done.toInstant()).toNanos() / 1e9;
    }
  }

  private static void log(String format, Object... args) {
    System.out.printf("[consumer] " + format + "%n", args);
  }
}
