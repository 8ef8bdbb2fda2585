package dev.onceflow.benchmarks;

import dev.onceflow.core.contract.OnceflowHeaders;
import dev.onceflow.core.contract.OnceflowTopics;
import dev.onceflow.local.LocalKafka;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.relay.testing.OutboxDatabase;
import dev.onceflow.relay.testing.RelayProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The relay's throughput and latency, exactly-once against its own at-least-once baseline, in one
 * run on one machine.
 *
 * <ul>
 *   <li><b>Backlog drain</b>: with the relay paused (SIGSTOP), N events are committed to the outbox
 *       (transactions of 1,000 rows, deleted in the same transaction as the outbox does); the relay
 *       is resumed and timed until its published-events counter has grown by N. Cold: the relay's
 *       first backlog (fresh JVM, JIT cold). Warm: the following rounds, same process.
 *   <li><b>Latency</b>: a steady load (default 1,000 events/s, 5 events per transaction every 5 ms)
 *       with the exactly-once relay running; for each event, the time from its {@code created_at}
 *       to its arrival at a {@code read_committed} consumer.
 * </ul>
 */
public final class RelayBenchmark {

  private static final String INSERT_SERIES =
      "INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, payload, schema_version,"
          + " aggregate_sequence, traceparent, created_at)"
          + " SELECT gen_random_uuid(), 'order', 'order-' || (g % 10000), 'OrderPlaced',"
          + " jsonb_build_object('orderId', 'order-' || (g % 10000), 'customerId', 'customer-' ||"
          + " (g % 997), 'total', round((g % 10000) / 7.0, 2), 'currency', 'EUR', 'lines',"
          + " jsonb_build_array(jsonb_build_object('sku', 'SKU-' || (g % 50), 'quantity', 1 + g %"
          + " 3, 'price', 9.99))), 1, g, NULL, clock_timestamp()"
          + " FROM generate_series(?::bigint, ?::bigint) g";
  private static final int BACKLOG_TRANSACTION = 1_000;
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  /** Steady load before the latency is measured: enough events for the JIT to compile the path. */
  private static final Duration WARM_UP = Duration.ofSeconds(10);

  private final Options options;

  private RelayBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new RelayBenchmark(Options.parse(args)).run();
  }

  private void run() throws Exception {
    Map<String, Object> machine = MachineFacts.collect();
    String measuredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    System.setProperty("onceflow.relay.jar", options.relayJar.toAbsolutePath().toString());
    log("machine: %s", machine);
    Drains alo;
    Drains eos;
    Latency latency;
    try (LocalPostgres postgres =
            LocalPostgres.builder()
                // A paused relay must keep its replication connection.
                .serverConfig("wal_sender_timeout", "0")
                .serverConfig("max_wal_size", "4GB")
                .build()
                .start();
        LocalKafka kafka = LocalKafka.builder().build().start()) {
      // Latency first, on its own shard, before the backlogs leave PostgreSQL checkpointing
      // gigabytes of WAL (which slows every commit for minutes).
      try (Shard latencyShard =
          new Shard(postgres, kafka, "bench_latency", "exactly-once", options.relayJvm)) {
        latencyShard.start();
        latency = latencyShard.latency(options.rate, options.latencySeconds);
        latencyShard.stop();
      }
      Shard atLeastOnce =
          new Shard(postgres, kafka, "bench_alo", "at-least-once", options.relayJvm);
      Shard exactlyOnce = new Shard(postgres, kafka, "bench_eos", "exactly-once", options.relayJvm);
      try {
        atLeastOnce.start();
        exactlyOnce.start();
        alo = new Drains(atLeastOnce.drain(options.events));
        eos = new Drains(exactlyOnce.drain(options.events));
        // Interleaved, so that a busy moment on the shared machine does not favour one mode.
        for (int round = 0; round < options.warmRounds; round++) {
          alo.warm.add(atLeastOnce.drain(options.events));
          eos.warm.add(exactlyOnce.drain(options.events));
        }
        atLeastOnce.stop();
        exactlyOnce.stop();
      } finally {
        atLeastOnce.close();
        exactlyOnce.close();
      }
    }
    machine.put("load_average_at_end", MachineFacts.loadAverage());
    report(machine, measuredAt, alo, eos, latency);
  }

  private void report(
      Map<String, Object> machine, String measuredAt, Drains alo, Drains eos, Latency latency) {
    double eosWarm = eos.bestWarm();
    double aloWarm = alo.bestWarm();
    double ratio = eosWarm / aloWarm;
    double coldRatio = eos.cold / alo.cold;
    Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
    figures.put(
        "relay.eos_events_per_s",
        new BenchmarkReport.Figure(
            eosWarm,
            "events/s",
            "exactly-once, warm: backlog of " + count(options.events) + " drained (best round)",
            ">= 50,000",
            eosWarm >= 50_000));
    figures.put(
        "relay.alo_events_per_s",
        new BenchmarkReport.Figure(
            aloWarm,
            "events/s",
            "at-least-once baseline, warm, same backlog (best round)",
            null,
            null));
    figures.put(
        "relay.eos_to_alo_ratio",
        new BenchmarkReport.Figure(
            ratio, "x", "exactly-once / at-least-once, warm", ">= 0.95", ratio >= 0.95));
    figures.put(
        "relay.eos_cold_events_per_s",
        new BenchmarkReport.Figure(
            eos.cold, "events/s", "exactly-once, cold: the relay JVM's first backlog", null, null));
    figures.put(
        "relay.alo_cold_events_per_s",
        new BenchmarkReport.Figure(
            alo.cold,
            "events/s",
            "at-least-once, cold: the relay JVM's first backlog",
            null,
            null));
    figures.put(
        "relay.eos_to_alo_ratio_cold",
        new BenchmarkReport.Figure(
            coldRatio, "x", "exactly-once / at-least-once, cold", null, null));
    figures.put(
        "relay.cdc_latency_p50_ms",
        new BenchmarkReport.Figure(
            latency.p50Ms,
            "ms",
            "outbox created_at -> read_committed consumer, median, at "
                + count(options.rate)
                + " events/s (exactly-once)",
            null,
            null));
    figures.put(
        "relay.cdc_latency_p99_ms",
        new BenchmarkReport.Figure(
            latency.p99Ms, "ms", "same, 99th percentile", "<= 50", latency.p99Ms <= 50));
    List<String> notes = new ArrayList<>();
    notes.add(
        "Baseline: the relay's at-least-once mode (Debezium's stock file offset store, idempotent"
            + " producer, 1 s offset flush), measured in the same run on the same backlogs, warm"
            + " rounds interleaved with the exactly-once ones.");
    notes.add(
        "Drain rate = backlog / time from resuming the paused relay (SIGCONT) until its"
            + " onceflow_relay_events_published_total counter grew by the backlog (scraped every"
            + " 100 ms). Backlog: "
            + count(options.events)
            + " outbox rows in transactions of 1,000, each row deleted again in the same transaction, as"
            + " the outbox does by default; 10,000 aggregates; ~230-byte JSON payloads; event"
            + " topic with 3 partitions; a CHECKPOINT after each backlog, before the relay resumes.");
    notes.add(
        "Warm rounds (events/s): exactly-once "
            + rounds(eos.warm)
            + "; at-least-once "
            + rounds(alo.warm)
            + ".");
    notes.add(
        "Latency: "
            + count(latency.samples)
            + " events over "
            + options.latencySeconds
            + " s after a 10 s warm-up, on a relay of its own started before the backlogs (achieved "
            + count(Math.round(latency.achievedRate))
            + " events/s); 5 events per transaction every 5 ms; max "
            + String.format(Locale.ROOT, "%.1f", latency.maxMs)
            + " ms. Measured at the consumer, so it includes the consumer's fetch; the relay's"
            + " own view is onceflow_relay_commit_to_publish_seconds.");
    notes.add(
        "Relay JVM: "
            + String.join(" ", options.relayJvm)
            + ", default GC and JIT otherwise; default relay settings (batches of up to"
            + " 2,048 events, 5 ms poll interval). Kafka (KRaft, one node) runs inside the"
            + " benchmark's JVM, PostgreSQL as its own process: all share the same cores.");
    String command =
        "mvn -q -pl benchmarks -am -DskipTests package && java -jar benchmarks/target/benchmarks.jar"
            + " relay --events "
            + options.events
            + " --warm-rounds "
            + options.warmRounds
            + " --latency-seconds "
            + options.latencySeconds
            + " --rate "
            + options.rate;
    new BenchmarkReport(options.docs)
        .record("relay", new BenchmarkReport.Run(command, measuredAt, machine, notes), figures);
    figures.forEach(
        (key, figure) ->
            log(
                "%-32s %12.2f %-9s %s",
                key,
                figure.value(),
                figure.unit(),
                figure.goal() == null ? "" : figure.goal() + (figure.met() ? " met" : " NOT MET")));
    log("written: %s/benchmarks.json and benchmarks.md", options.docs);
  }

  private static String rounds(List<Double> rates) {
    return rates.stream().map(r -> count(Math.round(r))).toList().toString();
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static void log(String format, Object... args) {
    System.out.printf("[relay-benchmark] " + format + "%n", args);
  }

  /** Drain rates of one mode. */
  private static final class Drains {
    final double cold;
    final List<Double> warm = new ArrayList<>();

    Drains(double cold) {
      this.cold = cold;
    }

    double bestWarm() {
      return warm.isEmpty() ? cold : Collections.max(warm);
    }
  }

  /** Latency percentiles, in milliseconds. */
  private record Latency(
      double p50Ms, double p99Ms, double maxMs, int samples, double achievedRate) {}

  /** One relay shard: its database, topic and relay process. */
  private static final class Shard implements AutoCloseable {
    private final LocalPostgres postgres;
    private final LocalKafka kafka;
    private final String name;
    private final String delivery;
    private final String topic;
    private final List<String> relayJvm;
    private OutboxDatabase database;
    private RelayProcess relay;
    private double published;
    private long nextSequence = 1;
    private double achievedRate;

    Shard(
        LocalPostgres postgres,
        LocalKafka kafka,
        String name,
        String delivery,
        List<String> relayJvm) {
      this.relayJvm = relayJvm;
      this.postgres = postgres;
      this.kafka = kafka;
      this.name = name;
      this.delivery = delivery;
      this.topic = name + "." + OnceflowTopics.ORDER_EVENTS;
    }

    /** Starts the relay, waits until it is active, and pauses it. */
    void start() throws Exception {
      database = OutboxDatabase.create(postgres, name);
      kafka.createTopic(topic, 3, Map.of());
      Map<String, String> config = new LinkedHashMap<>();
      config.put("onceflow.relay.delivery", delivery);
      config.put("onceflow.relay.shard-id", name);
      config.put("onceflow.relay.database.host", LocalPostgres.HOST);
      config.put("onceflow.relay.database.port", Integer.toString(postgres.port()));
      config.put("onceflow.relay.database.name", name);
      config.put("onceflow.relay.database.user", database.relayRole());
      config.put("onceflow.relay.slot", name);
      config.put("onceflow.relay.topic-prefix", name + "." + OnceflowTopics.EVENT_TOPIC_PREFIX);
      config.put("onceflow.relay.offsets-topic", name + "." + OnceflowTopics.RELAY_OFFSETS);
      // A fresh file: one left by an earlier run would point into another cluster's WAL.
      config.put(
          "onceflow.relay.offsets-file",
          Files.createTempDirectory("onceflow-relay-benchmark-")
              .resolve(name + ".offsets")
              .toString());
      config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
      // The relay is paused between rounds; an open heartbeat transaction must outlive the pause.
      config.put("kafka.transaction.timeout.ms", "600000");
      relay =
          RelayProcess.of(
                  config,
                  database.relayPassword(),
                  Path.of("target", "benchmark-logs", name + ".log"),
                  relayJvm)
              .start()
              .awaitRole("active", PATIENCE);
      published = published();
      relay.pause();
      log("%s relay (%s) is active and paused; log: %s", name, delivery, relay.log());
    }

    /** Commits a backlog while the relay is paused, resumes it, and times the drain. */
    double drain(int events) throws Exception {
      long writeStart = System.nanoTime();
      writeBacklog(events);
      double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
      // Every drain starts with no checkpoint pending from the previous backlogs.
      try (Connection superuser = postgres.connect("postgres");
          Statement statement = superuser.createStatement()) {
        statement.execute("CHECKPOINT");
      }
      double target = published + events;
      relay.resume();
      long start = System.nanoTime();
      long deadline = start + PATIENCE.toNanos();
      double now = published();
      while (now < target) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + " did not drain its backlog; see " + relay.log());
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        now = published();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      published = now;
      relay.pause();
      double rate = events / seconds;
      log(
          "%s: %,d events written in %.1f s, drained in %.2f s: %,.0f events/s",
          name, events, writeSeconds, seconds, rate);
      return rate;
    }

    /** Event latency under a steady load, the relay running. */
    Latency latency(int rate, int seconds) throws Exception {
      relay.resume();
      int perTransaction = Math.max(1, rate / 200);
      List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean consuming = new AtomicBoolean(true);
      AtomicLong measuredWritten = new AtomicLong();
      Thread consumer = new Thread(() -> consume(latencies, consuming), "latency-consumer");
      consumer.start();
      AtomicLong ticksSkipped = new AtomicLong();
      try (Connection connection = database.connectAsOwner()) {
        connection.setAutoCommit(false);
        StringBuilder sql =
            new StringBuilder(
                "INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, payload,"
                    + " schema_version, aggregate_sequence, traceparent, created_at) VALUES ");
        for (int i = 0; i < perTransaction; i++) {
          sql.append(i == 0 ? "" : ", ")
              .append(
                  "(gen_random_uuid(), 'order', ?, 'OrderPlaced', '{\"orderId\": \"latency\"}',")
              .append(" 1, ?, NULL, clock_timestamp())");
        }
        PreparedStatement insert = connection.prepareStatement(sql.toString());
        PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event");
        // One transaction every 5 ms on a fixed schedule; a tick missed by more than a period is
        // dropped rather than caught up in a burst, which would measure the burst, not the load.
        long period = TimeUnit.MILLISECONDS.toNanos(5);
        long start = System.nanoTime();
        long measureFrom = start + WARM_UP.toNanos();
        long measureUntil = measureFrom + Duration.ofSeconds(seconds).toNanos();
        long due = start;
        while (due < measureUntil) {
          long now = System.nanoTime();
          if (now < due) {
            LockSupport.parkNanos(due - now);
            continue;
          }
          if (now - due > period) {
            long missed = (now - due) / period;
            ticksSkipped.addAndGet(missed);
            due += missed * period;
          }
          boolean measured = due >= measureFrom;
          for (int i = 0; i < perTransaction; i++) {
            insert.setString(2 * i + 1, (measured ? "m-" : "w-") + (nextSequence % 1000));
            insert.setLong(2 * i + 2, nextSequence++);
          }
          insert.execute();
          delete.execute();
          connection.commit();
          if (measured) {
            measuredWritten.addAndGet(perTransaction);
          }
          due += period;
        }
      }
      achievedRate = measuredWritten.get() / (double) seconds;
      log("%s: %,d ticks of the writer skipped (machine busy)", name, ticksSkipped.get());
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (latencies.size() < measuredWritten.get() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
      consuming.set(false);
      consumer.join();
      List<Double> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      if (sorted.size() < measuredWritten.get()) {
        throw new IllegalStateException(
            "received " + sorted.size() + " of " + measuredWritten.get() + " measured events");
      }
      Latency latency =
          new Latency(
              percentile(sorted, 0.50),
              percentile(sorted, 0.99),
              sorted.get(sorted.size() - 1),
              sorted.size(),
              achievedRate);
      log(
          "%s: latency over %,d events at %,d events/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
          name, latency.samples(), rate, latency.p50Ms(), latency.p99Ms(), latency.maxMs());
      return latency;
    }

    void stop() {
      relay.resume();
      relay.stop();
    }

    @Override
    public void close() {
      if (relay != null) {
        relay.close();
      }
      if (database != null) {
        database.dropSlots();
      }
    }

    private void consume(List<Double> latencies, AtomicBoolean consuming) {
      Properties properties = new Properties();
      properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
      properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        while (consuming.get()) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
            Instant received = Instant.now();
            if (!new String(record.key(), StandardCharsets.UTF_8).startsWith("m-")) {
              continue;
            }
            Header createdAt = record.headers().lastHeader(OnceflowHeaders.CREATED_AT);
            Instant created =
                OffsetDateTime.parse(new String(createdAt.value(), StandardCharsets.UTF_8))
                    .toInstant();
            latencies.add(Duration.between(created, received).toNanos() / 1e6);
          }
        }
      }
    }

    private void writeBacklog(int events) throws SQLException {
      try (Connection connection = database.connectAsOwner();
          PreparedStatement insert = connection.prepareStatement(INSERT_SERIES);
          PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event")) {
        connection.setAutoCommit(false);
        long end = nextSequence + events;
        for (long from = nextSequence; from < end; from += BACKLOG_TRANSACTION) {
          insert.setLong(1, from);
          insert.setLong(2, Math.min(from + BACKLOG_TRANSACTION, end) - 1);
          insert.execute();
          delete.execute();
          connection.commit();
        }
        nextSequence = end;
      }
    }

    private double published() throws Exception {
      return relay.metric("onceflow_relay_events_published_total{");
    }
  }

  private static double percentile(List<Double> sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  /** Command-line options. */
  private record Options(
      int events,
      int warmRounds,
      int latencySeconds,
      int rate,
      Path relayJar,
      Path docs,
      List<String> relayJvm) {

    static Options parse(String[] args) {
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        if (!args[i].startsWith("--")) {
          throw new IllegalArgumentException("expected an option, got " + args[i]);
        }
        values.put(args[i].substring(2), args[i + 1]);
      }
      return new Options(
          Integer.parseInt(values.getOrDefault("events", "500000")),
          Integer.parseInt(values.getOrDefault("warm-rounds", "2")),
          Integer.parseInt(values.getOrDefault("latency-seconds", "20")),
          Integer.parseInt(values.getOrDefault("rate", "1000")),
          Path.of(
              values.getOrDefault("relay-jar", "outbox-relay/target/quarkus-app/quarkus-run.jar")),
          Path.of(values.getOrDefault("docs", "docs")),
          List.of(values.getOrDefault("relay-jvm", "-Xms512m -Xmx1g").trim().split("\\s+")));
    }
  }
}
