package dev.onceflow.benchmarks.consumer;

import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.cost.CpuCost;
import dev.onceflow.benchmarks.cost.CpuMeter;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.ServiceProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What a full dedupe window costs the inbox: the same backlog through inbox-consumer with an empty
 * inbox and with {@code --window-rows} entries (default 10M) already in the consumer's window, in
 * paired rounds, alternating which runs first; then whether pruning keeps up: how fast the
 * consumer's own pruning (its shipped batch size) deletes {@code --expired-rows} entries past the
 * window.
 *
 * <p>Both databases are copied per round from a template migrated by the consumer itself, so both
 * start from the same physical state; the full one holds entries whose ids are time-ordered and
 * older than the backlog's, received over the last six days (inside the default 7-day window), as
 * an Onceflow producer's time-ordered event ids would leave them.
 */
public final class DedupeWindowBenchmark {

  static final String ROLE = "bench_window";
  static final String CONSUMER = "bench-window";
  private static final Duration PATIENCE = Duration.ofMinutes(30);

  record Options(
      int windowRows,
      int expiredRows,
      int events,
      int warmUp,
      int partitions,
      int rounds,
      Path consumerJar,
      Path docs) {

    static Options parse(String[] args) {
      BenchmarkOptions values = BenchmarkOptions.parse(args);
      Options options =
          new Options(
              values.positive("window-rows", 10_000_000),
              values.positive("expired-rows", 1_000_000),
              values.positive("events", 100_000),
              values.positive("warm-up", 30_000),
              values.positive("partitions", 4),
              values.atLeast("rounds", 5, 2),
              values.path("consumer-jar", "inbox-consumer/target/quarkus-app/quarkus-run.jar"),
              values.path("docs", "docs"));
      values.rejectUnknown();
      return options;
    }

    String commandLine() {
      return String.format(
          Locale.ROOT,
          "consumer-window --window-rows %d --expired-rows %d --events %d --warm-up %d"
              + " --partitions %d --rounds %d",
          windowRows,
          expiredRows,
          events,
          warmUp,
          partitions,
          rounds);
    }
  }

  /** How fast pruning deleted the expired entries, at what PostgreSQL CPU. */
  record Pruning(int rows, double seconds, CpuCost cpu) {
    double rate() {
      return rows / seconds;
    }
  }

  private final Options options;
  private final String password = UUID.randomUUID().toString();

  private DedupeWindowBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new DedupeWindowBenchmark(Options.parse(args)).run();
  }

  private void run() throws Exception {
    BenchmarkRun run = BenchmarkRun.begin();
    List<BacklogRun.Result> empty = new ArrayList<>();
    List<BacklogRun.Result> full = new ArrayList<>();
    Pruning pruning;
    try (BenchmarkPlatform platform =
        BenchmarkPlatform.start(Map.of(), Path.of("target", "benchmark-logs"))) {
      platform.postgres().ensureRole(ROLE, password, false);
      String emptyTemplate = template(platform, "empty", false);
      String fullTemplate = template(platform, "full", true);
      for (int round = 0; round < options.rounds(); round++) {
        if (round % 2 == 0) {
          empty.add(scenario(platform, emptyTemplate, "empty-" + round));
          full.add(scenario(platform, fullTemplate, "full-" + round));
        } else {
          full.add(scenario(platform, fullTemplate, "full-" + round));
          empty.add(scenario(platform, emptyTemplate, "empty-" + round));
        }
      }
      pruning = prune(platform, fullTemplate);
    }
    DedupeWindowFigures.record(options, run, empty, full, pruning);
  }

  /** A database migrated by the consumer, optionally filled, to copy for each run. */
  private String template(BenchmarkPlatform platform, String name, boolean filled)
      throws Exception {
    String database = "bench_window_" + name + "_template";
    LocalPostgres postgres = platform.postgres();
    execute(postgres, "postgres", "CREATE DATABASE " + database + " OWNER " + ROLE);
    String topic = "bench.window.migrate." + name;
    platform.createTopic(topic, 1, Map.of());
    try (ServiceProcess consumer =
        BacklogRun.consumer(platform, setup(database, "migrate-" + name, topic, 0))) {
      consumer.start();
      consumer.awaitReady(PATIENCE); // Flyway has created the tables
    }
    if (filled) {
      long started = System.nanoTime();
      fill(postgres, database);
      log(
          "%s: %,d entries in the window and %,d expired ones written in %.0f s",
          database,
          options.windowRows(),
          options.expiredRows(),
          (System.nanoTime() - started) / 1e9);
    }
    execute(postgres, database, "VACUUM (ANALYZE) inbox_event");
    execute(postgres, database, "CHECKPOINT");
    return database;
  }

  /**
   * Entries of {@link #CONSUMER}: first the expired ones (received 8 to 7 days ago), then the
   * window (the last six days), ids ascending with time and below every backlog id but the
   * warm-up's.
   */
  private void fill(LocalPostgres postgres, String database) throws Exception {
    long expired = options.expiredRows();
    long total = expired + options.windowRows();
    try (Connection connection = postgres.connect(database);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO inbox_event (consumer, event_id, received_at, processed_at)"
                    + " SELECT ?, lpad(to_hex(1000000000 + n), 32, '0')::uuid, t, t"
                    + " FROM generate_series(0, ? - 1) AS n, LATERAL (SELECT CASE WHEN n < ?"
                    + "   THEN now() - interval '8 days' + (n::float8 / ?) * interval '1 day'"
                    + "   ELSE now() - interval '6 days' + ((n - ?)::float8 / ?) * interval '6 days'"
                    + "   END AS t) AS x")) {
      insert.setString(1, CONSUMER);
      insert.setLong(2, total);
      insert.setLong(3, expired);
      insert.setLong(4, Math.max(1, expired));
      insert.setLong(5, expired);
      insert.setLong(6, options.windowRows());
      insert.executeUpdate();
    }
  }

  private BacklogRun.Result scenario(BenchmarkPlatform platform, String template, String name)
      throws Exception {
    String database = "bench_window_" + name.replace('-', '_') + "_" + suffix();
    execute(
        platform.postgres(),
        "postgres",
        "CREATE DATABASE " + database + " TEMPLATE " + template + " OWNER " + ROLE);
    String topic = "bench.window." + name + "." + suffix();
    platform.createTopic(topic, options.partitions(), Map.of());
    var records = EventBacklog.of(topic, 0, options.warmUp(), 0, 1);
    records.addAll(EventBacklog.of(topic, 1, options.events(), 0, 2));
    EventBacklog.publish(platform.bootstrapServers(), records);
    return BacklogRun.run(platform, setup(database, name, topic, options.events()));
  }

  /**
   * The consumer's pruning over a copy of the full template, started at once and every second: the
   * time from the consumer's readiness until no expired entry is left.
   */
  private Pruning prune(BenchmarkPlatform platform, String template) throws Exception {
    String database = "bench_window_prune_" + suffix();
    LocalPostgres postgres = platform.postgres();
    execute(
        postgres,
        "postgres",
        "CREATE DATABASE " + database + " TEMPLATE " + template + " OWNER " + ROLE);
    String topic = "bench.window.prune." + suffix();
    platform.createTopic(topic, 1, Map.of());
    BacklogRun.Setup base = setup(database, "prune", topic, 0);
    Map<String, String> properties = Map.of("onceflow.inbox.dedupe.prune-interval", "1s");
    BacklogRun.Setup setup =
        new BacklogRun.Setup(
            base.consumerJar(),
            base.name(),
            base.database(),
            base.role(),
            base.password(),
            base.consumerName(),
            base.topic(),
            0,
            0,
            0,
            properties);
    try (ServiceProcess consumer = BacklogRun.consumer(platform, setup)) {
      consumer.start();
      CpuMeter meter = CpuMeter.of(platform.cpuParticipants());
      consumer.awaitReady(PATIENCE);
      CpuMeter.Reading before = meter.read();
      long started = System.nanoTime();
      long deadline = started + PATIENCE.toNanos();
      while (expiredLeft(postgres, database) > 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("pruning did not finish within " + PATIENCE);
        }
        Thread.sleep(250); // a poll of a benchmark's progress, not a test's wait
      }
      Pruning pruning =
          new Pruning(
              options.expiredRows(), (System.nanoTime() - started) / 1e9, meter.since(before));
      log(
          "pruning: %,d expired entries in %.1f s = %,.0f rows/s",
          pruning.rows(), pruning.seconds(), pruning.rate());
      return pruning;
    }
  }

  private static long expiredLeft(LocalPostgres postgres, String database) throws Exception {
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM inbox_event WHERE received_at < now() - interval '7 days'")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private BacklogRun.Setup setup(String database, String name, String topic, int events) {
    return new BacklogRun.Setup(
        options.consumerJar(),
        "window-" + name,
        database,
        ROLE,
        password,
        CONSUMER,
        topic,
        options.warmUp(),
        events,
        events,
        Map.of());
  }

  private static void execute(LocalPostgres postgres, String database, String sql)
      throws Exception {
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[consumer-window] " + format + "%n", args);
  }
}
