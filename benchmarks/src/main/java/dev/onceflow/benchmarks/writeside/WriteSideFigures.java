package dev.onceflow.benchmarks.writeside;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.Goals;
import dev.onceflow.benchmarks.cost.CostTable;
import dev.onceflow.benchmarks.stats.Summary;
import dev.onceflow.benchmarks.writeside.WriteSideBenchmark.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The write side's figures: medians of paired rounds with 95 % intervals, and CPU per order. */
final class WriteSideFigures {

  private final Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  WriteSideFigures(WriteSideBenchmark.Options options, List<Run> pgbench, List<Run> wrk) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < pgbench.size(); i++) {
      ratios.add(wrk.get(i).rate() / pgbench.get(i).rate());
    }
    Summary ratio = Summary.of(ratios);
    put(
        "write_side.ratio_to_pgbench",
        ratio.median(),
        "x",
        "order-service over HTTP (wrk) / pgbench running the same transaction, median of "
            + ratio.n()
            + " paired rounds");
    put(
        "write_side.ratio_to_pgbench_ci_low",
        ratio.medianLow(),
        "x",
        ratio.medianIntervalDescription("lower"));
    put(
        "write_side.ratio_to_pgbench_ci_high",
        ratio.medianHigh(),
        "x",
        ratio.medianIntervalDescription("upper"));
    Summary rest = Summary.of(values(wrk, Run::rate));
    put(
        "write_side.rest_orders_per_s",
        rest.median(),
        "orders/s",
        "order-service over HTTP, "
            + options.wrkConnections()
            + " requests in flight from wrk, 201s per second, median");
    Summary ceiling = Summary.of(values(pgbench, Run::rate));
    put(
        "write_side.pgbench_txn_per_s",
        ceiling.median(),
        "txn/s",
        "pgbench, "
            + options.pgbenchClients()
            + " connections, order-service's placement transaction (the ceiling), median");
    put(
        "write_side.rest_p50_ms",
        Summary.median(values(wrk, Run::latencyMs)),
        "ms",
        "order-service latency at the client (wrk), median request, median of rounds");
    put(
        "write_side.rest_p99_ms",
        Summary.median(values(wrk, Run::p99Ms)),
        "ms",
        "same, 99th percentile, median of rounds");
    put(
        "write_side.pgbench_latency_mean_ms",
        Summary.median(values(pgbench, Run::latencyMs)),
        "ms",
        "pgbench transaction latency at the client, mean, median of rounds");
    put(
        "write_side.cpu_ms_per_order",
        Summary.median(values(wrk, r -> perOrder(r, "order-service"))),
        "ms/order",
        "order-service's own CPU (utime + stime) per order placed, median of rounds");
    put(
        "write_side.postgres_cpu_ms_per_order",
        Summary.median(values(wrk, r -> perOrder(r, "postgres"))),
        "ms/order",
        "PostgreSQL's CPU per order placed through order-service, median of rounds");
    put(
        "write_side.postgres_cpu_ms_per_txn_pgbench",
        Summary.median(values(pgbench, r -> perOrder(r, "postgres"))),
        "ms/txn",
        "PostgreSQL's CPU per pgbench transaction, median of rounds");
    notes.add(
        "Paired rounds: pgbench then wrk in even rounds, wrk then pgbench in odd ones, "
            + options.seconds()
            + " s each, after one unmeasured "
            + options.warmUpSeconds()
            + " s run of each (JIT); VACUUM ANALYZE and CHECKPOINT of both databases before every round. Each has its database (same schema: order-service's migration and platform-core's outbox) under a replication slot, no relay running.");
    notes.add(
        "pgbench: order-placement.pgbench (benchmarks resources), the statements order-service runs to place a one-line order (idempotency key, order, line, outbox row inserted and deleted, one commit), prepared protocol, "
            + options.pgbenchClients()
            + " clients on 2 threads. wrk: place-order.lua, POST /orders with its own Idempotency-Key, "
            + options.wrkConnections()
            + " connections on 2 threads, latency at the client; every response must be 201.");
    notes.add(
        "CPU: utime + stime from /proc over each run, of order-service's JVM ("
            + String.join(" ", options.serviceJvm())
            + "), PostgreSQL (the postmaster's children by role) and the load generator (pgbench or wrk: the children this JVM waited for).");
    notes.add(costNote("order-service (wrk)", wrk));
    notes.add(costNote("pgbench", pgbench));
    notes.add("Rounds (per second): wrk " + rates(wrk) + "; pgbench " + rates(pgbench) + ".");
  }

  Map<String, BenchmarkReport.Figure> figures() {
    return figures;
  }

  List<String> notes() {
    return notes;
  }

  private static double perOrder(Run run, String label) {
    return run.cpu().millis(label) / (double) run.orders();
  }

  private static String costNote(String what, List<Run> runs) {
    CostTable table = new CostTable();
    runs.forEach(run -> table.add(run.cpu(), run.orders()));
    return table.line("CPU, " + what, "order");
  }

  private static String rates(List<Run> runs) {
    return runs.stream()
        .map(r -> String.format(Locale.ROOT, "%,.0f", r.rate()))
        .toList()
        .toString();
  }

  private static List<Double> values(List<Run> runs, ToDoubleFunction<Run> measure) {
    return runs.stream().map(measure::applyAsDouble).toList();
  }

  private void put(String key, double value, String unit, String description) {
    figures.put(key, Goals.figure(key, value, unit, description));
  }
}
