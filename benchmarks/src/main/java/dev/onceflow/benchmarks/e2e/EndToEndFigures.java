package dev.onceflow.benchmarks.e2e;

import static dev.onceflow.benchmarks.Goals.put;
import static dev.onceflow.benchmarks.Goals.putMedian;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end-to-end benchmark's figures: per rate, the medians of its rounds with their intervals and
 * CPU per order; the highest rate sustained; resident memory.
 */
final class EndToEndFigures {

  private static final String SETUP =
      "PostgreSQL, the Kafka broker (its own JVM), order-service, outbox-relay and inbox-consumer"
          + " (their own JVMs) and the load generator (the benchmark's JVM) on the same machine";

  private final EndToEndBenchmark.Options options;
  private final RateRounds rounds;
  private final Map<Integer, Boolean> held;
  private final List<RateStep> searched;
  private final Map<String, List<Double>> idleMemory;
  private final Map<String, List<Double>> loadMemory;

  /**
   * @param held every rate tried and whether it held (fixed rates: in most of their rounds)
   * @param searched the search's steps, one per rate
   * @param idleMemory MiB by service, one sample before each round
   * @param loadMemory MiB by service, the highest sample of each round's 1,000 orders/s step
   */
  EndToEndFigures(
      EndToEndBenchmark.Options options,
      RateRounds rounds,
      Map<Integer, Boolean> held,
      List<RateStep> searched,
      Map<String, List<Double>> idleMemory,
      Map<String, List<Double>> loadMemory) {
    this.options = options;
    this.rounds = rounds;
    this.held = held;
    this.searched = searched;
    this.idleMemory = idleMemory;
    this.loadMemory = loadMemory;
  }

  /** Records runs {@code e2e} and {@code memory}. */
  void record(BenchmarkRun run) {
    Map<String, BenchmarkReport.Figure> e2e = latency();
    run.record(options.docs(), "e2e", options.commandLine(), SETUP, latencyNotes(), e2e);
    Map<String, BenchmarkReport.Figure> rss = memory();
    run.record(options.docs(), "memory", options.commandLine(), SETUP, memoryNotes(), rss);
    e2e.putAll(rss);
    e2e.forEach(
        (key, figure) ->
            EndToEndBenchmark.log("%-40s %10.2f %s", key, figure.value(), figure.unit()));
  }

  Map<String, BenchmarkReport.Figure> latency() {
    Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
    for (int rate : rounds.rates()) {
      RateRounds.Rate summary = rounds.summary(rate);
      String at = "_at_" + rate;
      String of = " of " + summary.rounds() + " rounds";
      putMedian(
          figures,
          "e2e.achieved_orders_per_s" + at,
          summary.achieved(),
          "orders/s",
          String.format(
              Locale.ROOT,
              "orders acknowledged (201) per second of sending at %s orders/s, median%s; held"
                  + " (sustained) in %d of them",
              count(rate),
              of,
              summary.held()));
      putMedian(
          figures,
          "e2e.p50_ms" + at,
          summary.p50Ms(),
          "ms",
          "order created_at -> shipment committed by the consumer, at "
              + count(rate)
              + " orders/s: median"
              + of
              + "' medians");
      put(
          figures,
          "e2e.p95_ms" + at,
          summary.p95Ms(),
          "ms",
          "same, median" + of + "' 95th percentiles");
      putMedian(
          figures,
          "e2e.p99_ms" + at,
          summary.p99Ms(),
          "ms",
          "same, median" + of + "' 99th percentiles");
      put(
          figures,
          "e2e.cpu_ms_per_order" + at,
          summary.cpuMsPerOrder(),
          "ms/order",
          "CPU of every process (services, PostgreSQL, broker, load generator) per order, first"
              + " request to last effect, median"
              + of);
    }
    put(
        figures,
        "e2e.max_sustained_orders_per_s",
        RateSearch.maxSustained(held),
        "orders/s",
        "highest rate that held (>= 95 % achieved, no failed request, every effect, lag not"
            + " growing): the fixed rates in most of their rounds, the rates between or above them"
            + " tried once each (a single search, not rounds)");
    return figures;
  }

  private List<String> latencyNotes() {
    List<String> notes = new ArrayList<>();
    notes.add(
        "Latency: from each order's created_at (order-service's clock, in the placing"
            + " transaction, just before its commit) to the arrival at the benchmark of a NOTIFY sent"
            + " by a trigger on the consumer's shipment table, which PostgreSQL delivers when the"
            + " consumer's transaction commits: the whole path REST -> outbox -> WAL -> relay ->"
            + " Kafka transaction -> read_committed consumer -> inbox + effect (shipment PENDING;"
            + " payment-service is not started, so orders stay PLACED).");
    notes.add(
        String.format(
            Locale.ROOT,
            "%d rounds after a %d s warm-up at 500 orders/s; each round starts with VACUUM ANALYZE"
                + " and CHECKPOINT of the orders and fulfillment databases, then runs every fixed"
                + " rate for %d s open-loop (1 ms ticker, at most %d requests in flight; what"
                + " cannot be sent is skipped, not queued), the order of the rates rotating by one"
                + " place a round; the next rate starts once every effect arrived.",
            options.rounds(),
            options.warmUpSeconds(),
            options.stepSeconds(),
            EndToEndBenchmark.MAX_IN_FLIGHT));
    notes.add(
        "Sustained: at least 95 % of the rate acknowledged (201), no failed request, every order's"
            + " effect seen, and the lag (orders acknowledged without effect yet, sampled every"
            + " second) growing by at most a quarter second's worth of orders in the second half of"
            + " the step.");
    notes.add(
        "CPU: utime + stime from /proc from the first request to the last effect of each step, of"
            + " order-service, outbox-relay and inbox-consumer (their JVMs), PostgreSQL (by role),"
            + " the broker's JVM, and the benchmark's JVM as the load generator (it also runs the"
            + " NOTIFY listener and the lag sampling).");
    for (int rate : rounds.rates()) {
      RateRounds.Rate summary = rounds.summary(rate);
      notes.add(summary.cost().line("CPU at " + count(rate) + " orders/s", "order"));
    }
    for (int rate : rounds.rates()) {
      notes.add(
          "Rounds at "
              + count(rate)
              + " orders/s (achieved, p50/p95/p99/max ms): "
              + String.join("; ", rounds.steps(rate).stream().map(RateStep::brief).toList())
              + ".");
    }
    notes.add(
        "Search (one step per rate; rate: achieved, p50/p95/p99/max ms, lag per s): "
            + (searched.isEmpty()
                ? "none"
                : searched.stream().map(RateStep::summary).toList().toString()));
    notes.add(
        "Services at their shipped defaults (relay exactly-once; consumer batch-size 500,"
            + " concurrency 1), topic of 4 partitions; JVMs "
            + String.join(" ", options.serviceJvm())
            + "; every process shares the same two cores.");
    return notes;
  }

  Map<String, BenchmarkReport.Figure> memory() {
    Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
    idleMemory.forEach(
        (service, idle) -> {
          String key = "memory." + service.replace('-', '_');
          put(
              figures,
              key + "_idle_mib",
              Summary.median(idle),
              "MiB",
              service + " resident memory (VmRSS), idle: median of the samples before each round");
          List<Double> load = loadMemory.get(service);
          put(
              figures,
              key + "_load_mib",
              load == null ? Double.NaN : Summary.median(load),
              "MiB",
              service
                  + " resident memory, highest sample during a round's 1,000 orders/s step:"
                  + " median of rounds");
        });
    return figures;
  }

  private List<String> memoryNotes() {
    return List.of(
        "VmRSS from /proc/<pid>/status. Idle: sampled before each round, once the previous"
            + " round's effects had all arrived and VACUUM ANALYZE and CHECKPOINT had run (no"
            + " requests meanwhile). Under load: the highest of one sample a second during each"
            + " round's 1,000 orders/s step. Each figure is the median of "
            + options.rounds()
            + " rounds. By service (idle; under load): "
            + samples(),
        "JVM options of every service: "
            + String.join(" ", options.serviceJvm())
            + " (heap capped; the rest is metaspace, code cache, threads and direct buffers).");
  }

  private String samples() {
    StringBuilder text = new StringBuilder();
    idleMemory.forEach(
        (service, idle) ->
            text.append(
                String.format(
                    Locale.ROOT,
                    "%s %s; %s. ",
                    service,
                    rounded(idle),
                    rounded(loadMemory.getOrDefault(service, List.of())))));
    return text.toString().trim();
  }

  private static List<String> rounded(List<Double> mib) {
    return mib.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList();
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
