package dev.onceflow.benchmarks.e2e;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.cost.CostTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The end-to-end benchmark's figures: latency per rate, the highest rate sustained, memory. */
final class EndToEndFigures {

  private EndToEndFigures() {}

  /** Records runs {@code e2e} and {@code memory}. */
  static void record(
      EndToEndBenchmark.Options options,
      Map<String, Object> machine,
      String measuredAt,
      String command,
      Map<Integer, RateStep> steps,
      Map<String, double[]> memory) {
    BenchmarkReport report = new BenchmarkReport(options.docs());

    Map<String, BenchmarkReport.Figure> e2e = new LinkedHashMap<>();
    for (int rate : EndToEndBenchmark.FIXED_RATES) {
      RateStep step = steps.get(rate);
      String at = "at_" + rate;
      e2e.put(
          "e2e.p50_ms_" + at,
          new BenchmarkReport.Figure(
              step.p50Ms(),
              "ms",
              "order created_at -> shipment committed by the consumer, median, at "
                  + count(rate)
                  + " orders/s (achieved "
                  + count(Math.round(step.achieved()))
                  + ")",
              null,
              null));
      e2e.put(
          "e2e.p95_ms_" + at,
          new BenchmarkReport.Figure(step.p95Ms(), "ms", "same, 95th percentile", null, null));
      boolean goal = rate == 1_000;
      e2e.put(
          "e2e.p99_ms_" + at,
          new BenchmarkReport.Figure(
              step.p99Ms(),
              "ms",
              "same, 99th percentile",
              goal ? "<= 100" : null,
              goal ? step.p99Ms() <= 100 : null));
      e2e.put(
          "e2e.cpu_ms_per_order_" + at,
          new BenchmarkReport.Figure(
              step.cpu().total() / (double) step.orders(),
              "ms/order",
              "CPU of every process (services, PostgreSQL, broker, load generator) per order,"
                  + " first request to last effect",
              null,
              null));
    }
    int max = EndToEndBenchmark.maxSustained(steps);
    e2e.put(
        "e2e.max_sustained_orders_per_s",
        new BenchmarkReport.Figure(
            max,
            "orders/s",
            "highest rate tried that held: >= 95 % achieved, no failed request, every effect, lag"
                + " not growing",
            null,
            null));
    List<String> notes = new ArrayList<>();
    notes.add(
        "Latency: from each order's created_at (order-service's clock, in the placing"
            + " transaction, just before its commit) to the arrival at the benchmark of a NOTIFY sent"
            + " by a trigger on the consumer's shipment table, which PostgreSQL delivers when the"
            + " consumer's transaction commits: the whole path REST -> outbox -> WAL -> relay ->"
            + " Kafka transaction -> read_committed consumer -> inbox + effect.");
    notes.add(
        "Each rate runs "
            + options.stepSeconds()
            + " s open-loop (1 ms ticker, at most "
            + EndToEndBenchmark.MAX_IN_FLIGHT
            + " requests in flight; what cannot be sent is skipped, not queued), after a "
            + options.warmUpSeconds()
            + " s warm-up at 500 orders/s; the next rate starts once every effect arrived.");
    notes.add(
        "Sustained: at least 95 % of the rate acknowledged (201), no failed request, every order's"
            + " effect seen, and the lag (orders acknowledged without effect yet, sampled every"
            + " second) growing by at most a quarter second's worth of orders in the second half of"
            + " the step.");
    for (int rate : EndToEndBenchmark.FIXED_RATES) {
      RateStep step = steps.get(rate);
      notes.add(
          new CostTable()
              .add(step.cpu(), step.orders())
              .line("CPU at " + count(rate) + " orders/s (one step)", "order"));
    }
    StringBuilder table =
        new StringBuilder("Steps (rate: achieved, p50/p95/p99/max ms, lag per s):");
    steps.values().stream()
        .sorted((a, b) -> Integer.compare(a.rate(), b.rate()))
        .forEach(step -> table.append(' ').append(step.summary()).append(';'));
    notes.add(table.toString());
    notes.add(
        "Services: default relay and consumer settings (exactly-once, batch-size 500, concurrency"
            + " 1), topic of 4 partitions; JVMs "
            + String.join(" ", options.serviceJvm())
            + ". The broker runs in its own JVM, the load generator (java.net.http) in the"
            + " benchmark's; every process shares the same two cores. One step per rate, not"
            + " paired rounds: these figures are not yet of the current method.");
    report.record(
        "e2e", new BenchmarkReport.Run(command, measuredAt, machine, notes).previousMethod(), e2e);

    Map<String, BenchmarkReport.Figure> rss = new LinkedHashMap<>();
    memory.forEach(
        (service, idleAndLoad) -> {
          String key = service.replace('-', '_');
          rss.put(
              "memory." + key + "_idle_mib",
              new BenchmarkReport.Figure(
                  idleAndLoad[0], "MiB", service + " resident memory (VmRSS), idle", null, null));
          rss.put(
              "memory." + key + "_load_mib",
              new BenchmarkReport.Figure(
                  idleAndLoad[1],
                  "MiB",
                  service + " resident memory, highest during 1,000 orders/s",
                  null,
                  null));
        });
    report.record(
        "memory",
        new BenchmarkReport.Run(
                command,
                measuredAt,
                machine,
                List.of(
                    "VmRSS from /proc/<pid>/status. Idle: after the warm-up, every effect applied,"
                        + " 5 s without requests. Under load: the highest of one sample a second"
                        + " during the 1,000 orders/s step.",
                    "JVM options of every service: "
                        + String.join(" ", options.serviceJvm())
                        + " (heap capped; the rest is metaspace, code cache, threads and direct"
                        + " buffers)."))
            .previousMethod(),
        rss);
    e2e.forEach(
        (key, figure) ->
            EndToEndBenchmark.log("%-36s %10.2f %s", key, figure.value(), figure.unit()));
    rss.forEach(
        (key, figure) ->
            EndToEndBenchmark.log("%-36s %10.2f %s", key, figure.value(), figure.unit()));
    EndToEndBenchmark.log("written: %s/benchmarks.json and benchmarks.md", options.docs());
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
