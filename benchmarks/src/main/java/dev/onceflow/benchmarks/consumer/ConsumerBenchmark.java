package dev.onceflow.benchmarks.consumer;

import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.local.LocalPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

  private final Options options;

  private ConsumerBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new ConsumerBenchmark(Options.parse(args)).run();
  }

  private void run() throws Exception {
    BenchmarkRun run = BenchmarkRun.begin();
    List<BacklogRun.Result> unique = new ArrayList<>();
    List<BacklogRun.Result> duplicates = new ArrayList<>();
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

  private BacklogRun.Result scenario(BenchmarkPlatform platform, String name, double share)
      throws Exception {
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
    Map<String, String> properties =
        options.batchSize() > 0
            ? Map.of("onceflow.inbox.batch-size", Integer.toString(options.batchSize()))
            : Map.of();
    return BacklogRun.run(
        platform,
        new BacklogRun.Setup(
            options.consumerJar(),
            name,
            database,
            database,
            password,
            "bench-" + name + "-" + suffix,
            topic,
            options.warmUp(),
            options.events(),
            distinct,
            properties));
  }
}
