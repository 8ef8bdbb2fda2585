package dev.onceflow.benchmarks;

import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.COUNTER;
import static dev.onceflow.contract.metrics.OnceflowMeters.RELAY_EVENTS_PUBLISHED;
import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;

import dev.onceflow.benchmarks.polling.PollingRelay;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalKafka;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.ServiceProcess;
import dev.onceflow.relay.testing.OutboxDatabase;
import dev.onceflow.relay.testing.RelayProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The relay's throughput and latency, exactly-once against its own at-least-once baseline and
 * against a polling relay, in one run on one machine.
 *
 * <ul>
 *   <li><b>Backlog drain</b>: with the relay paused (SIGSTOP), N events are committed to the outbox
 *       (transactions of 1,000 rows, deleted in the same transaction as the outbox does); the relay
 *       is resumed and timed until its published-events counter has grown by N. Cold: the relay's
 *       first backlog (fresh JVM, JIT cold). Warm: the following rounds, same process.
 *   <li><b>Latency</b>: a steady load (default 1,000 events/s, 5 events per transaction every 5 ms)
 *       with the exactly-once relay running; for each event, the time from its {@code created_at}
 *       to its arrival at a {@code read_committed} consumer.
 *   <li><b>Polling baseline</b>: the same backlog drains and the same latency measurement with
 *       {@link PollingRelay} (the outbox relayed with {@code SELECT ... FOR UPDATE SKIP LOCKED})
 *       instead of the CDC relay, its rows kept by the writers until it deletes them.
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
  private static final int PARTITIONS = 3;
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
    Drains poll = null;
    Latency latency;
    // Poll interval (ms) -> latency of the polling baseline; the headline interval first.
    Map<Long, Latency> pollingLatency = new LinkedHashMap<>();
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
          Shard.cdc(postgres, kafka, "bench_latency", "exactly-once", options)) {
        latencyShard.start();
        latency = latencyShard.latency(options.rate, options.latencySeconds);
        latencyShard.stop();
      }
      // The polling baseline under the same load, one fresh shard and relay per poll interval.
      for (long interval : options.pollIntervalsMs()) {
        try (Shard pollingShard =
            Shard.polling(
                postgres,
                kafka,
                "bench_poll_latency_" + interval + "ms",
                options.pollingSettings(interval),
                options.relayJvm)) {
          pollingShard.start();
          pollingLatency.put(interval, pollingShard.latency(options.rate, options.latencySeconds));
          pollingShard.stop();
        }
      }
      Shard atLeastOnce = Shard.cdc(postgres, kafka, "bench_alo", "at-least-once", options);
      Shard exactlyOnce = Shard.cdc(postgres, kafka, "bench_eos", "exactly-once", options);
      Shard polling =
          options.polling()
              ? Shard.polling(
                  postgres,
                  kafka,
                  "bench_poll",
                  options.pollingSettings(options.pollIntervalMs),
                  options.relayJvm)
              : null;
      try {
        atLeastOnce.start();
        exactlyOnce.start();
        if (polling != null) {
          polling.start();
        }
        alo = new Drains(atLeastOnce.drain(options.events));
        eos = new Drains(exactlyOnce.drain(options.events));
        if (polling != null) {
          poll = new Drains(polling.drain(options.pollingEvents));
        }
        // Interleaved, so that a busy moment on the shared machine does not favour one relay, and
        // in alternating order, so that neither always drains right after the other's backlog.
        for (int round = 0; round < options.warmRounds; round++) {
          if (round % 2 == 0) {
            eos.warm.add(exactlyOnce.drain(options.events));
            alo.warm.add(atLeastOnce.drain(options.events));
          } else {
            alo.warm.add(atLeastOnce.drain(options.events));
            eos.warm.add(exactlyOnce.drain(options.events));
          }
          if (polling != null) {
            poll.warm.add(polling.drain(options.pollingEvents));
          }
        }
        atLeastOnce.stop();
        exactlyOnce.stop();
        if (polling != null) {
          polling.stop();
        }
      } finally {
        atLeastOnce.close();
        exactlyOnce.close();
        if (polling != null) {
          polling.close();
        }
      }
    }
    machine.put("load_average_at_end", MachineFacts.loadAverage());
    report(machine, measuredAt, alo, eos, latency, poll, pollingLatency);
  }

  private void report(
      Map<String, Object> machine,
      String measuredAt,
      Drains alo,
      Drains eos,
      Latency latency,
      Drains poll,
      Map<Long, Latency> pollingLatency) {
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
    // The goal is judged on rounds measured back to back: a ratio of two best rounds compares
    // moments minutes apart, and one lucky round of either mode swings it on a shared machine.
    List<Double> paired = pairedRatios(eos, alo);
    if (!paired.isEmpty()) {
      double median = percentile(paired.stream().sorted().toList(), 0.5);
      figures.put(
          "relay.eos_to_alo_ratio_paired_median",
          new BenchmarkReport.Figure(
              median,
              "x",
              "exactly-once / at-least-once, warm: median of the ratios of rounds drained back to"
                  + " back (the lower middle one for an even count)",
              ">= 0.95",
              median >= 0.95));
    }
    figures.put(
        "relay.eos_to_alo_ratio",
        new BenchmarkReport.Figure(
            ratio,
            "x",
            "exactly-once / at-least-once, warm: best round of each, which may be minutes apart",
            null,
            null));
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
    if (poll != null) {
      pollingFigures(figures, eosWarm, latency, poll, pollingLatency);
    }
    List<String> notes = new ArrayList<>();
    notes.add(
        "Baseline: the relay's at-least-once mode (Debezium's stock file offset store, idempotent"
            + " producer, 1 s offset flush), measured in the same run on the same backlogs, warm"
            + " rounds interleaved with the exactly-once ones, in alternating order (exactly-once"
            + " first in the 1st, 3rd, ... round).");
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
            + "; exactly-once / at-least-once per round "
            + String.join(
                ", ",
                pairedRatios(eos, alo).stream()
                    .map(r -> String.format(Locale.ROOT, "%.2f", r))
                    .toList())
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
            + ", default GC and JIT otherwise; "
            + (options.relayConfig.isEmpty()
                ? "default relay settings (batches of up to 2,048 events, 5 ms poll interval)"
                : "default relay settings except " + options.relayConfig)
            + ". Only for the pauses: transaction.timeout.ms and Debezium's lsn.flush.timeout.ms"
            + " at 10 min, because a stopped JVM's timeouts keep counting. Kafka (KRaft, one node)"
            + " runs inside the benchmark's JVM, PostgreSQL as its own process: all share the same"
            + " cores.");
    if (poll != null) {
      notes.addAll(pollingNotes(poll, pollingLatency));
    }
    String command =
        "mvn -q -pl benchmarks -am -DskipTests package && java -jar benchmarks/target/benchmarks.jar"
            + " relay --events "
            + options.events
            + (options.relayConfig.isEmpty()
                ? ""
                : " --relay-config "
                    + String.join(
                        ",",
                        options.relayConfig.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .toList()))
            + " --warm-rounds "
            + options.warmRounds
            + " --latency-seconds "
            + options.latencySeconds
            + " --rate "
            + options.rate
            + (options.polling()
                ? " --polling-events "
                    + options.pollingEvents
                    + " --poll-interval-ms "
                    + options.pollIntervalMs
                    + " --extra-poll-intervals-ms "
                    + (options.extraPollIntervalsMs.isEmpty()
                        ? "none"
                        : String.join(
                            ",",
                            options.extraPollIntervalsMs.stream().map(String::valueOf).toList()))
                    + " --poll-batch-size "
                    + options.pollBatchSize
                : " --polling off");
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

  private void pollingFigures(
      Map<String, BenchmarkReport.Figure> figures,
      double eosWarm,
      Latency cdcLatency,
      Drains poll,
      Map<Long, Latency> pollingLatency) {
    double pollWarm = poll.bestWarm();
    String sameBacklog =
        options.pollingEvents == options.events
            ? "same backlog"
            : "backlog of " + count(options.pollingEvents) + " (not the CDC relay's)";
    figures.put(
        "relay.polling_events_per_s",
        new BenchmarkReport.Figure(
            pollWarm,
            "events/s",
            "polling baseline (SELECT ... FOR UPDATE SKIP LOCKED, batches of "
                + count(options.pollBatchSize)
                + "), warm, "
                + sameBacklog
                + " (best round)",
            null,
            null));
    figures.put(
        "relay.polling_cold_events_per_s",
        new BenchmarkReport.Figure(
            poll.cold, "events/s", "polling baseline, cold: its JVM's first backlog", null, null));
    figures.put(
        "relay.cdc_to_polling_ratio",
        new BenchmarkReport.Figure(
            eosWarm / pollWarm,
            "x",
            "exactly-once CDC relay / polling baseline, warm backlog drain",
            null,
            null));
    Latency headline = pollingLatency.get(options.pollIntervalMs);
    figures.put(
        "relay.polling_latency_p50_ms",
        new BenchmarkReport.Figure(
            headline.p50Ms,
            "ms",
            "polling baseline, polling every "
                + options.pollIntervalMs
                + " ms when idle: created_at -> read_committed consumer, median, at "
                + count(options.rate)
                + " events/s",
            null,
            null));
    figures.put(
        "relay.polling_latency_p99_ms",
        new BenchmarkReport.Figure(headline.p99Ms, "ms", "same, 99th percentile", null, null));
    double p99Ratio = cdcLatency.p99Ms / headline.p99Ms;
    figures.put(
        "relay.cdc_to_polling_latency_p99_ratio",
        new BenchmarkReport.Figure(
            p99Ratio,
            "x",
            "CDC relay p99 / polling baseline p99 ("
                + options.pollIntervalMs
                + " ms) at equal load: below 1, the CDC relay is faster",
            "< 1",
            p99Ratio < 1));
    for (long interval : options.extraPollIntervalsMs) {
      Latency extra = pollingLatency.get(interval);
      figures.put(
          "relay.polling_" + interval + "ms_latency_p50_ms",
          new BenchmarkReport.Figure(
              extra.p50Ms,
              "ms",
              "polling baseline polling every " + interval + " ms when idle: median, same load",
              null,
              null));
      figures.put(
          "relay.polling_" + interval + "ms_latency_p99_ms",
          new BenchmarkReport.Figure(extra.p99Ms, "ms", "same, 99th percentile", null, null));
    }
  }

  private List<String> pollingNotes(Drains poll, Map<Long, Latency> pollingLatency) {
    List<String> notes = new ArrayList<>();
    notes.add(
        "Polling baseline (PollingRelay, its own JVM with the relay's JVM options): one loop, one"
            + " database transaction per batch: SELECT the oldest "
            + count(options.pollBatchSize)
            + " rows ORDER BY created_at, aggregate_sequence LIMIT n FOR UPDATE SKIP LOCKED (an"
            + " index scan on outbox_event_created_at_idx), publish them with an idempotent"
            + " producer (acks=all, Kafka's defaults otherwise, as the CDC relay's) to the same"
            + " topic, key (aggregate id) and headers, wait for every acknowledgement, DELETE the"
            + " rows, commit; the next poll at once after a full batch, after the poll interval"
            + " otherwise. Its writers insert the rows and leave them (no delete in the writing"
            + " transaction); no replication slot exists on its databases.");
    notes.add(
        "Poll interval "
            + options.pollIntervalMs
            + " ms for the headline polling figures: the lowest default among the polling"
            + " relays surveyed, Eventuate's CDC service in polling mode (500 ms, 1,000 rows per"
            + " poll; a separate relay process publishing to Kafka, as here). MassTransit's bus"
            + " outbox delivery service sweeps every 5 s; gruelbox transaction-outbox, Wolverine"
            + " and Spring Modulith send right after the writer's commit from the writer's own"
            + " process and poll only to recover (gruelbox retries after 2 min), a shortcut a"
            + " relay in its own process does not have. Also reported at "
            + (options.extraPollIntervalsMs.isEmpty()
                ? "no other interval"
                : String.join(
                        " and ",
                        options.extraPollIntervalsMs.stream().map(ms -> ms + " ms").toList())
                    + " (each an idle query every interval, paid even when nothing is written)")
            + ", so the trade-off shows; the CDC relay's own poll interval is 5 ms.");
    notes.add(
        "The baseline is at least once, like every polling relay: a crash between Kafka's"
            + " acknowledgement and the database commit leaves the rows, which are published"
            + " again. A Kafka transaction would not remove that window (the database commit is a"
            + " second commit either way) and would add a commit round trip per batch, so its"
            + " producer is idempotent, not transactional; the CDC figures are exactly-once.");
    notes.add(
        "Polling drains: the same rows in transactions of 1,000, kept; before each drain VACUUM"
            + " ANALYZE outbox_event (planner statistics for the backlog, no dead rows from the"
            + " previous round) and the CHECKPOINT; drained when the topic's end offsets (only"
            + " acknowledged records advance them) grew by the backlog. Warm rounds (events/s): "
            + rounds(poll.warm)
            + ", interleaved with the CDC relay's.");
    pollingLatency.forEach(
        (interval, latency) ->
            notes.add(
                String.format(
                    Locale.ROOT,
                    "Polling latency, every %d ms: %s events over %d s after the same warm-up, on"
                        + " a shard and relay of its own (achieved %s events/s); p50 %.1f ms, p99"
                        + " %.1f ms, max %.1f ms.",
                    interval,
                    count(latency.samples),
                    options.latencySeconds,
                    count(Math.round(latency.achievedRate)),
                    latency.p50Ms,
                    latency.p99Ms,
                    latency.maxMs)));
    return notes;
  }

  /** Exactly-once / at-least-once of each warm round. */
  private static List<Double> pairedRatios(Drains eos, Drains alo) {
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < Math.min(eos.warm.size(), alo.warm.size()); round++) {
      ratios.add(eos.warm.get(round) / alo.warm.get(round));
    }
    return ratios;
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

  /**
   * One relay shard: its database, topic and relay process, either the CDC relay ({@code delivery}
   * set) or the polling baseline ({@code polling} set). The CDC relay's outbox rows are deleted in
   * the transaction that writes them, as the outbox does by default; the polling baseline needs
   * them kept until it has published them, so its writers only insert.
   */
  private static final class Shard implements AutoCloseable {
    private final LocalPostgres postgres;
    private final LocalKafka kafka;
    private final String name;
    private final String delivery;
    private final PollingSettings polling;
    private final String topic;
    private final List<String> relayJvm;
    private final Map<String, String> relayConfig;
    private OutboxDatabase database;
    private RelayProcess relay;
    private ServiceProcess poller;
    private Admin admin;
    private double published;
    private long nextSequence = 1;
    private double achievedRate;

    private Shard(
        LocalPostgres postgres,
        LocalKafka kafka,
        String name,
        String delivery,
        PollingSettings polling,
        List<String> relayJvm,
        Map<String, String> relayConfig) {
      this.relayJvm = relayJvm;
      this.relayConfig = relayConfig;
      this.postgres = postgres;
      this.kafka = kafka;
      this.name = name;
      this.delivery = delivery;
      this.polling = polling;
      this.topic = name + "." + OnceflowTopics.ORDER_EVENTS;
    }

    /** A shard relayed by the CDC relay in the given delivery mode. */
    static Shard cdc(
        LocalPostgres postgres, LocalKafka kafka, String name, String delivery, Options options) {
      return new Shard(
          postgres, kafka, name, delivery, null, options.relayJvm, options.relayConfig);
    }

    /** A shard relayed by the polling baseline. */
    static Shard polling(
        LocalPostgres postgres,
        LocalKafka kafka,
        String name,
        PollingSettings polling,
        List<String> relayJvm) {
      return new Shard(postgres, kafka, name, null, polling, relayJvm, Map.of());
    }

    private boolean keepsRows() {
      return polling != null;
    }

    /** Starts the relay, waits until it is active, and pauses it. */
    void start() throws Exception {
      database = OutboxDatabase.create(postgres, name);
      kafka.createTopic(topic, PARTITIONS, Map.of());
      if (polling != null) {
        startPoller();
        return;
      }
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
      // So must an LSN flush in flight when the JVM was stopped: its 30 s timeout counts the
      // frozen seconds too, and on resume it would fail the engine, which the relay restarts, so
      // the drain would measure a restart instead of the relay.
      config.put("onceflow.relay.debezium.lsn.flush.timeout.ms", "600000");
      config.putAll(relayConfig);
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

    /**
     * The polling baseline, as a role of its own that may read, lock and delete outbox rows and
     * nothing else ({@code FOR UPDATE} needs the {@code UPDATE} privilege).
     */
    private void startPoller() throws Exception {
      String role = name + "_poller";
      String password = role + "-" + UUID.randomUUID();
      postgres.ensureRole(role, password, false);
      try (Connection superuser = database.connectAsSuperuser();
          Statement statement = superuser.createStatement()) {
        statement.execute("GRANT SELECT, UPDATE, DELETE ON outbox_event TO " + role);
      }
      admin = kafka.admin();
      // In a JVM of its own with the CDC relay's options, paused and resumed the same way; the
      // password goes to its environment, never to its command line.
      poller =
          ServiceProcess.builder(name + "-poller")
              .mainClass(absoluteClassPath(), PollingRelay.class.getName())
              .jvmOptions(relayJvm)
              .environment(PollingRelay.PASSWORD_VARIABLE, password)
              .arguments(
                  "--jdbc-url",
                  postgres.jdbcUrl(name),
                  "--user",
                  role,
                  "--bootstrap-servers",
                  kafka.bootstrapServers(),
                  "--topic-prefix",
                  name + "." + OnceflowTopics.EVENT_TOPIC_PREFIX,
                  "--batch-size",
                  Integer.toString(polling.batchSize()),
                  "--poll-interval-ms",
                  Long.toString(polling.interval().toMillis()))
              .readyLine(PollingRelay.READY)
              .logFile(Path.of("target", "benchmark-logs", name + ".log"))
              .build()
              .start()
              .awaitReady(PATIENCE);
      published = published();
      poller.pause();
      log(
          "%s polling relay (every %d ms, batches of %,d) is polling and paused; log: %s",
          name, polling.interval().toMillis(), polling.batchSize(), poller.logFile());
    }

    private void pause() {
      if (poller != null) {
        poller.pause();
      } else {
        relay.pause();
      }
    }

    private void resume() {
      if (poller != null) {
        poller.resume();
      } else {
        relay.resume();
      }
    }

    private Path relayLog() {
      return poller != null ? poller.logFile() : relay.log();
    }

    /** Commits a backlog while the relay is paused, resumes it, and times the drain. */
    double drain(int events) throws Exception {
      long writeStart = System.nanoTime();
      writeBacklog(events);
      double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
      if (keepsRows()) {
        // Planner statistics for the table as it now is, and no dead rows left by the previous
        // round: the poll the baseline would run in a steady state.
        try (Connection superuser = database.connectAsSuperuser();
            Statement statement = superuser.createStatement()) {
          statement.execute("VACUUM ANALYZE outbox_event");
          logPlan(statement);
        }
      }
      // Every drain starts with no checkpoint pending from the previous backlogs.
      try (Connection superuser = postgres.connect("postgres");
          Statement statement = superuser.createStatement()) {
        statement.execute("CHECKPOINT");
      }
      double target = published + events;
      resume();
      long start = System.nanoTime();
      long deadline = start + PATIENCE.toNanos();
      double now = published();
      while (now < target) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + " did not drain its backlog; see " + relayLog());
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        now = published();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      published = now;
      pause();
      double rate = events / seconds;
      log(
          "%s: %,d events written in %.1f s, drained in %.2f s: %,.0f events/s",
          name, events, writeSeconds, seconds, rate);
      return rate;
    }

    /** Event latency under a steady load, the relay running. */
    Latency latency(int rate, int seconds) throws Exception {
      resume();
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
          if (!keepsRows()) {
            delete.execute();
          }
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
      if (poller != null) {
        poller.stop(Duration.ofSeconds(60));
        return;
      }
      relay.resume();
      relay.stop();
    }

    @Override
    public void close() {
      if (relay != null) {
        relay.close();
      }
      if (poller != null) {
        poller.close();
      }
      if (admin != null) {
        admin.close();
      }
      if (database != null) {
        database.dropSlots();
      }
    }

    /** Logs how PostgreSQL runs the baseline's poll, to show that it uses the index. */
    private void logPlan(Statement statement) throws SQLException {
      List<String> plan = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "EXPLAIN "
                  + PollingRelay.SELECT_BATCH.replace(
                      "?", Integer.toString(polling.batchSize())))) {
        while (rows.next()) {
          plan.add(rows.getString(1).trim());
        }
      }
      log("%s: poll plan: %s", name, String.join(" | ", plan));
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
          if (!keepsRows()) {
            delete.execute();
          }
          connection.commit();
        }
        nextSequence = end;
      }
    }

    /**
     * Events published so far: the CDC relay's counter, or for the polling baseline (which has no
     * metrics endpoint) the sum of the topic's end offsets, which only acknowledged records
     * advance.
     */
    private double published() throws Exception {
      if (poller == null) {
        return relay.metric(prometheus(RELAY_EVENTS_PUBLISHED, COUNTER) + "{");
      }
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int partition = 0; partition < PARTITIONS; partition++) {
        latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
      }
      return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(ListOffsetsResultInfo::offset)
          .sum();
    }
  }

  private static double percentile(List<Double> sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  /** The polling baseline's settings that the benchmark varies. */
  private record PollingSettings(int batchSize, Duration interval) {}

  /**
   * Command-line options.
   *
   * @param pollingEvents the polling baseline's backlog; 0 leaves the polling baseline out
   * @param pollIntervalMs the polling baseline's poll interval for the headline figures
   * @param extraPollIntervalsMs further poll intervals whose latency is measured too
   */
  private record Options(
      int events,
      int warmRounds,
      int latencySeconds,
      int rate,
      Path relayJar,
      Path docs,
      List<String> relayJvm,
      Map<String, String> relayConfig,
      int pollingEvents,
      long pollIntervalMs,
      List<Long> extraPollIntervalsMs,
      int pollBatchSize) {

    boolean polling() {
      return pollingEvents > 0;
    }

    /**
     * The poll intervals whose latency is measured, the headline one first; none without polling.
     */
    List<Long> pollIntervalsMs() {
      if (!polling()) {
        return List.of();
      }
      List<Long> intervals = new ArrayList<>();
      intervals.add(pollIntervalMs);
      extraPollIntervalsMs.stream().filter(ms -> !intervals.contains(ms)).forEach(intervals::add);
      return intervals;
    }

    PollingSettings pollingSettings(long intervalMs) {
      return new PollingSettings(pollBatchSize, Duration.ofMillis(intervalMs));
    }

    static Options parse(String[] args) {
      BenchmarkOptions values = BenchmarkOptions.parse(args);
      int events = values.positive("events", 500_000);
      boolean polling = values.oneOf("polling", "on", "on", "off").equals("on");
      Options options =
          new Options(
              events,
              values.atLeast("warm-rounds", 8, 0),
              values.positive("latency-seconds", 20),
              values.positive("rate", 1000),
              values.path("relay-jar", "outbox-relay/target/quarkus-app/quarkus-run.jar"),
              values.path("docs", "docs"),
              values.words("relay-jvm", "-Xms512m -Xmx1g"),
              parseRelayConfig(values.text("relay-config", "")),
              polling ? values.atLeast("polling-events", events, 0) : 0,
              values.atLeast("poll-interval-ms", 500, 0),
              values.listOrNone("extra-poll-intervals-ms", "100,10"),
              values.positive("poll-batch-size", 2048));
      values.rejectUnknown();
      return options;
    }
  }

  /**
   * Relay configuration that differs from the defaults, {@code key=value} pairs separated by
   * commas, given to both CDC relays of the drains and to the latency relay.
   */
  private static Map<String, String> parseRelayConfig(String text) {
    Map<String, String> config = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals <= 0 || !pair.startsWith("onceflow.relay.")) {
        throw new IllegalArgumentException(
            "--relay-config: onceflow.relay.<key>=<value> pairs separated by commas, was " + pair);
      }
      config.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
    }
    return config;
  }

  /** This JVM's class path, absolute: the benchmark jar's manifest names its libraries. */
  private static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      entries.add(Path.of(entry).toAbsolutePath().toString());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }
}
