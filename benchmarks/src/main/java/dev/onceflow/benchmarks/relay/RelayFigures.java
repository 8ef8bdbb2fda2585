package dev.onceflow.benchmarks.relay;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.Goals;
import dev.onceflow.benchmarks.cost.CostTable;
import dev.onceflow.benchmarks.relay.LatencyProbe.Latency;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Drain;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Kind;
import dev.onceflow.benchmarks.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The relay benchmark's figures and notes: medians of paired rounds with their 95 % intervals,
 * never a best round; the order-shaped backlog is the headline, bulk figures carry {@code bulk_}.
 */
final class RelayFigures {

  private final RelayOptions options;
  private final Map<Kind, Map<Backlog, Drain>> cold;
  private final Map<Kind, Map<Backlog, List<Drain>>> warm;
  private final Latency cdcLatency;
  private final Map<Long, Latency> pollingLatency;
  private final Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  RelayFigures(
      RelayOptions options,
      Map<Kind, Map<Backlog, Drain>> cold,
      Map<Kind, Map<Backlog, List<Drain>>> warm,
      Latency cdcLatency,
      Map<Long, Latency> pollingLatency) {
    this.options = options;
    this.cold = cold;
    this.warm = warm;
    this.cdcLatency = cdcLatency;
    this.pollingLatency = pollingLatency;
    method();
    for (Backlog shape : options.shapes()) {
      drains(shape);
    }
    latency();
  }

  Map<String, BenchmarkReport.Figure> figures() {
    return figures;
  }

  List<String> notes() {
    return notes;
  }

  private void drains(Backlog shape) {
    String prefix = shape == Backlog.ORDERS ? "relay." : "relay.bulk_";
    String backlog =
        String.format(Locale.ROOT, "%,d events, %s", options.events(shape), shape.description());
    for (Kind kind : warm.keySet()) {
      Summary rate = Summary.of(values(kind, shape, Drain::rate));
      String key = prefix + kind.key + "_events_per_s";
      put(
          key,
          rate.median(),
          "events/s",
          kind.label + " relay, warm drain of " + backlog + "; median of " + rate.n() + " rounds");
      put(key + "_ci_low", rate.medianLow(), "events/s", rate.medianIntervalDescription("lower"));
      put(key + "_ci_high", rate.medianHigh(), "events/s", rate.medianIntervalDescription("upper"));
      put(
          prefix + kind.key + "_cpu_us_per_event",
          Summary.median(values(kind, shape, d -> relayAndPostgres(kind, d))),
          "µs/event",
          kind.label + ": CPU of the relay and PostgreSQL per event drained, median");
      notes.add(costNote(kind, shape));
    }
    Summary eosToAlo = paired(Kind.EXACTLY_ONCE, Kind.AT_LEAST_ONCE, shape, Drain::rate);
    put(
        prefix + "eos_to_alo_ratio_mean",
        eosToAlo.mean(),
        "x",
        "exactly-once / at-least-once drain rate, mean of " + eosToAlo.n() + " paired rounds");
    put(
        prefix + "eos_to_alo_ratio_ci_low",
        eosToAlo.meanLow(),
        "x",
        "lower end of its 95 % t interval");
    put(
        prefix + "eos_to_alo_ratio_ci_high",
        eosToAlo.meanHigh(),
        "x",
        "upper end of its 95 % t interval");
    if (warm.containsKey(Kind.POLLING)) {
      Summary cdcToPolling = paired(Kind.EXACTLY_ONCE, Kind.POLLING, shape, Drain::rate);
      put(
          prefix + "cdc_to_polling_ratio",
          cdcToPolling.median(),
          "x",
          "CDC relay exactly-once / polling baseline (at-least-once) drain rate, median of paired rounds");
      put(
          prefix + "cdc_to_polling_ratio_ci_low",
          cdcToPolling.medianLow(),
          "x",
          cdcToPolling.medianIntervalDescription("lower"));
      put(
          prefix + "cdc_to_polling_ratio_ci_high",
          cdcToPolling.medianHigh(),
          "x",
          cdcToPolling.medianIntervalDescription("upper"));
      Summary cpu = pairedCpu(shape);
      put(
          prefix + "cpu_per_event_cdc_to_polling",
          cpu.median(),
          "x",
          "CPU per event of relay + PostgreSQL, CDC exactly-once / polling, median of paired rounds");
    }
    for (Kind kind : cold.keySet()) {
      Drain first = cold.get(kind).get(shape);
      put(
          prefix + kind.key + "_cold_events_per_s",
          first.rate(),
          "events/s",
          kind.label + ": the relay JVM's first drain (JIT cold), not in the rounds");
    }
    notes.add(rounds(shape));
  }

  private void latency() {
    if (cdcLatency == null) {
      return;
    }
    String load = String.format(Locale.ROOT, "%,d events/s", options.rate());
    put(
        "relay.cdc_latency_p50_ms",
        cdcLatency.p50Ms(),
        "ms",
        "outbox created_at -> read_committed consumer, median, at " + load + " (exactly-once)");
    put("relay.cdc_latency_p99_ms", cdcLatency.p99Ms(), "ms", "same, 99th percentile");
    pollingLatency.forEach(
        (interval, latency) -> {
          String suffix = interval == options.pollIntervalMs() ? "" : "_" + interval + "ms";
          put(
              "relay.polling_latency_p50_ms" + suffix,
              latency.p50Ms(),
              "ms",
              "polling baseline every "
                  + interval
                  + " ms when idle: created_at -> consumer, median, at "
                  + load);
          put(
              "relay.polling_latency_p99_ms" + suffix,
              latency.p99Ms(),
              "ms",
              "same, 99th percentile");
        });
    notes.add(
        String.format(
            Locale.ROOT,
            "Latency: %,d events over %d s after a %d s warm-up, 5 events per transaction every 5 ms, on a relay and database of their own (achieved %,.0f events/s, max %.1f ms); measured at a read_committed consumer, so it includes the consumer's fetch.",
            cdcLatency.samples(),
            options.latencySeconds(),
            LatencyProbe.WARM_UP.toSeconds(),
            cdcLatency.achievedRate(),
            cdcLatency.maxMs()));
  }

  private void method() {
    notes.add(
        "Drain: the relay and the walsender streaming to it wait paused (SIGSTOP) while the backlog is committed (a running walsender would decode into the paused relay's socket buffers, up to tens of MB, before the drain); VACUUM ANALYZE and CHECKPOINT of its database; the time runs from SIGCONT to the broker's append time (topic with message.timestamp.type=LogAppendTime) of the last event on any partition: recorded by Kafka, not by a scrape loop. Every relay has its own PostgreSQL cluster (a walsender reads past the WAL of every database in its cluster), database, slot and topic of "
            + RelayUnderTest.PARTITIONS
            + " partitions.");
    notes.add(
        "Rounds: one cold drain per relay and shape first (reported apart), then "
            + options.rounds()
            + " rounds, each draining every relay once per shape, the order rotating from round to round. Medians with a distribution-free 95 % interval (order statistics; with fewer than 6 rounds the range, whose coverage is given); ratios of rounds drained back to back (paired); exactly-once / at-least-once as a mean with a 95 % t interval. No best-of-N.");
    notes.add(
        "CPU: utime + stime from /proc/<pid>/stat over each drain, for the relay's JVM, PostgreSQL (the postmaster's children by the role in their title: backends, walsender, background; children that exited in the drain counted from the postmaster's reaped time) and the broker's JVM. The backlog's writers are not running during a drain.");
    notes.add(
        "Relays at their shipped defaults"
            + (options.relayConfig().isEmpty() ? "" : " except " + options.relayConfig())
            + ", JVM "
            + String.join(" ", options.relayJvm())
            + "; only for the pauses, kafka.transaction.timeout.ms, Debezium's lsn.flush.timeout.ms and onceflow.relay.lock-session-timeout at 10 min (a stopped JVM's timeouts keep counting; a drain whose relay reconnected its replication stream, a restart, fails the run). At-least-once: Debezium's file offset store, 1 s flush. Polling baseline (PollingRelay, same JVM options): SELECT ... ORDER BY created_at LIMIT "
            + options.pollBatchSize()
            + " FOR UPDATE SKIP LOCKED, publish with an idempotent producer, wait for the acks, DELETE, commit; "
            + options.pollIntervalMs()
            + " ms between polls when idle; its writers keep the rows.");
  }

  private String costNote(Kind kind, Backlog shape) {
    CostTable table = new CostTable();
    warm.get(kind).get(shape).forEach(drain -> table.add(drain.cpu(), drain.events()));
    return table.line("CPU, " + kind.label + ", " + shape.label() + " backlog", "event");
  }

  private String rounds(Backlog shape) {
    StringBuilder note = new StringBuilder("Rounds, " + shape.label() + " backlog (events/s): ");
    warm.forEach(
        (kind, byShape) ->
            note.append(kind.label)
                .append(' ')
                .append(
                    byShape.get(shape).stream()
                        .map(d -> String.format(Locale.ROOT, "%,.0f", d.rate()))
                        .toList())
                .append("; "));
    cold.forEach(
        (kind, byShape) ->
            note.append(kind.label)
                .append(" cold ")
                .append(String.format(Locale.ROOT, "%,.0f", byShape.get(shape).rate()))
                .append("; "));
    return note.toString().trim();
  }

  private Summary paired(Kind a, Kind b, Backlog shape, ToDoubleFunction<Drain> measure) {
    List<Double> first = values(a, shape, measure);
    List<Double> second = values(b, shape, measure);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      ratios.add(first.get(i) / second.get(i));
    }
    return Summary.of(ratios);
  }

  private Summary pairedCpu(Backlog shape) {
    List<Double> cdc =
        values(Kind.EXACTLY_ONCE, shape, d -> relayAndPostgres(Kind.EXACTLY_ONCE, d));
    List<Double> polling = values(Kind.POLLING, shape, d -> relayAndPostgres(Kind.POLLING, d));
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < cdc.size(); i++) {
      ratios.add(cdc.get(i) / polling.get(i));
    }
    return Summary.of(ratios);
  }

  /** CPU µs per event of the relay's JVM and PostgreSQL: what the relay makes a user pay. */
  static double relayAndPostgres(Kind kind, Drain drain) {
    long millis = drain.cpu().millis(kind.label + " relay") + drain.cpu().millis("postgres");
    return millis * 1000.0 / drain.events();
  }

  private List<Double> values(Kind kind, Backlog shape, ToDoubleFunction<Drain> measure) {
    return warm.get(kind).get(shape).stream().map(measure::applyAsDouble).toList();
  }

  private void put(String key, double value, String unit, String description) {
    figures.put(key, Goals.figure(key, value, unit, description));
  }
}
