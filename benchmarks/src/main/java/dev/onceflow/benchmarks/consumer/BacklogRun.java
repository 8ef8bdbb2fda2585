package dev.onceflow.benchmarks.consumer;

import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_DUPLICATES;
import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_PROCESSED;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.COUNTER;
import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;

import dev.onceflow.benchmarks.cost.CpuCost;
import dev.onceflow.benchmarks.cost.CpuMeter;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.ServiceEnvironment;
import dev.onceflow.local.ServiceProcess;
import dev.onceflow.local.ServiceProcessBuilder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of the packaged inbox-consumer, in its own JVM at its shipped defaults, over a backlog
 * already committed to Kafka: a warm-up (event ids {@code UUID(0, n)}) then the measured events
 * ({@code UUID(1, n)}). The time runs from the instant the warm-up's worth of effects committed to
 * the last effect, as the consumer recorded them ({@code inbox_event.processed_at}); the CPU of
 * every process involved over the same span; the inbox is then checked: one row per distinct event.
 * Only rows received during the run are counted, so a database may hold older ones (a dedupe
 * window).
 */
final class BacklogRun {

  private static final Duration PATIENCE = Duration.ofMinutes(10);

  /**
   * What to run.
   *
   * @param database the consumer's database, owned by {@code role}
   * @param systemProperties extra {@code -D} settings of the consumer (e.g. the batch size)
   */
  record Setup(
      Path consumerJar,
      String name,
      String database,
      String role,
      String password,
      String consumerName,
      String topic,
      int warmUp,
      int events,
      int distinct,
      Map<String, String> systemProperties) {}

  /** One run's result: events, of which duplicates, over how long, at what CPU. */
  record Result(int events, int duplicates, double seconds, CpuCost cpu) {
    double rate() {
      return events / seconds;
    }
  }

  private BacklogRun() {}

  /** The consumer started over {@code setup}, for a caller that drives it itself. */
  static ServiceProcess consumer(BenchmarkPlatform platform, Setup setup) {
    LocalPostgres postgres = platform.postgres();
    ServiceProcessBuilder builder =
        ServiceProcess.builder("inbox-consumer-" + setup.name())
            .jar(setup.consumerJar())
            .jvmOptions(List.of("-Xmx256m"))
            .environment(ServiceEnvironment.JDBC_URL, postgres.jdbcUrl(setup.database()))
            .environment(ServiceEnvironment.JDBC_USERNAME, setup.role())
            .environment(ServiceEnvironment.JDBC_PASSWORD, setup.password())
            .environment(ServiceToken.ENVIRONMENT_VARIABLE, BenchmarkPlatform.SERVICE_TOKEN)
            .environment(ServiceEnvironment.KAFKA_BOOTSTRAP_SERVERS, platform.bootstrapServers())
            .systemProperty("onceflow.inbox.topic", setup.topic())
            .systemProperty("onceflow.inbox.consumer-name", setup.consumerName())
            .logFile(platform.logs().resolve("consumer-" + setup.name() + ".log"));
    setup.systemProperties().forEach(builder::systemProperty);
    return builder.build();
  }

  /** Runs the consumer over the backlog, times and costs the measured part, checks the inbox. */
  static Result run(BenchmarkPlatform platform, Setup setup) throws Exception {
    Instant started = Instant.now();
    long total = (long) setup.warmUp() + setup.events();
    try (ServiceProcess consumer = consumer(platform, setup)) {
      consumer.start();
      List<CpuMeter.Participant> participants = new ArrayList<>();
      participants.add(CpuMeter.process("inbox-consumer", consumer.pid()));
      participants.addAll(platform.cpuParticipants());
      CpuMeter meter = CpuMeter.of(participants);
      consumer.awaitReady(PATIENCE);
      // The CPU interval opens once the warm-up is handled (a 50 ms poll: a few ms of idle
      // consumer at either end); the time comes from the consumer's own records.
      awaitHandled(consumer, setup.warmUp());
      CpuMeter.Reading before = meter.read();
      awaitHandled(consumer, total);
      CpuCost cpu = meter.since(before);
      double seconds = checkAndTime(platform.postgres(), setup, started);
      Result result = new Result(setup.events(), setup.events() - setup.distinct(), seconds, cpu);
      System.out.printf(
          Locale.ROOT,
          "[consumer] %s: %,d events in %.3f s = %,.0f events/s; CPU ms %s%n",
          setup.name(),
          setup.events(),
          seconds,
          result.rate(),
          cpu.millis());
      return result;
    }
  }

  private static void awaitHandled(ServiceProcess consumer, long count) {
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
   * Checks the inbox (one row per distinct event of this run) and times the measured backlog from
   * it: from the instant the warm-up's worth of effects had committed to the last effect.
   * Partitions interleave, so that instant is when as many events as the warm-up had their effect,
   * not the last warm-up event; the consumer stamps each batch's effects with one instant.
   */
  private static double checkAndTime(LocalPostgres postgres, Setup setup, Instant started)
      throws Exception {
    String measured = new UUID(1, 0).toString();
    try (Connection connection = postgres.connect(setup.database());
        PreparedStatement select =
            connection.prepareStatement(
                "WITH run AS (SELECT * FROM inbox_event WHERE received_at >= ?)"
                    + " SELECT count(*) FILTER (WHERE event_id < ?::uuid),"
                    + " count(*) FILTER (WHERE event_id >= ?::uuid),"
                    + " (SELECT processed_at FROM run ORDER BY processed_at OFFSET ? LIMIT 1),"
                    + " max(processed_at) FROM run")) {
      select.setTimestamp(1, Timestamp.from(started));
      select.setString(2, measured);
      select.setString(3, measured);
      select.setInt(4, setup.warmUp() - 1);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        if (rows.getLong(1) != setup.warmUp() || rows.getLong(2) != setup.distinct()) {
          throw new IllegalStateException(
              String.format(
                  Locale.ROOT,
                  "%s: inbox rows %d + %d, expected %d + %d",
                  setup.database(),
                  rows.getLong(1),
                  rows.getLong(2),
                  setup.warmUp(),
                  setup.distinct()));
        }
        Timestamp warmedUp = rows.getTimestamp(3);
        Timestamp done = rows.getTimestamp(4);
        return Duration.between(warmedUp.toInstant(), done.toInstant()).toNanos() / 1e9;
      }
    }
  }
}
