package dev.onceflow.benchmarks.consumer;

import static dev.onceflow.benchmarks.Goals.put;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.cost.CostTable;
import dev.onceflow.benchmarks.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The consumer benchmark's figures and notes. */
final class ConsumerFigures {

  private ConsumerFigures() {}

  /** Records run {@code consumer}: rates with intervals, CPU per event, the cost table. */
  static void record(
      ConsumerBenchmark.Options options,
      BenchmarkRun run,
      String setup,
      List<BacklogRun.Result> unique,
      List<BacklogRun.Result> dup) {
    Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    Map<String, List<BacklogRun.Result>> scenarios = new LinkedHashMap<>();
    scenarios.put("", unique);
    scenarios.put("_with_10pct_duplicates", dup);
    for (var scenario : scenarios.entrySet()) {
      List<BacklogRun.Result> results = scenario.getValue();
      String key = "consumer.events_per_s" + scenario.getKey();
      Summary rate = Summary.of(results.stream().map(BacklogRun.Result::rate).toList());
      String what =
          scenario.getKey().isEmpty()
              ? "every event new"
              : "10 % duplicate deliveries (skipped by the inbox)";
      put(
          figures,
          key,
          rate.median(),
          "events/s",
          String.format(
              Locale.ROOT,
              "%,d-event backlog, %s: inbox insert + effects; median of %d rounds",
              options.events(),
              what,
              rate.n()));
      put(
          figures,
          key + "_ci_low",
          rate.medianLow(),
          "events/s",
          rate.medianIntervalDescription("lower"));
      put(
          figures,
          key + "_ci_high",
          rate.medianHigh(),
          "events/s",
          rate.medianIntervalDescription("upper"));
      List<Double> cpu =
          results.stream()
              .map(r -> r.cpu().millis("inbox-consumer") * 1000.0 / r.events())
              .toList();
      put(
          figures,
          "consumer.cpu_us_per_event" + scenario.getKey(),
          Summary.median(cpu),
          "µs/event",
          "inbox-consumer's own CPU per event consumed, " + what + ", median of rounds");
      CostTable table = new CostTable();
      results.forEach(r -> table.add(r.cpu(), r.events()));
      notes.add(table.line("CPU, " + what, "event"));
      notes.add(
          "Rounds, "
              + what
              + " (events/s): "
              + results.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.rate())).toList());
    }
    notes.add(
        0,
        String.format(
            Locale.ROOT,
            "Topic of %d partitions; consumer at its shipped defaults%s, JVM -Xmx256m; durable commits. A %,d-event warm-up backlog precedes the measured one; the time runs from the instant as many effects as the warm-up had committed to the last effect, by the consumer's own processed_at (one instant per batch; partitions interleave, so a few warm-up events fall in the measured span and as many measured ones before it). %d rounds, each running both scenarios on a fresh database, topic and consumer, the order alternating.",
            options.partitions(),
            options.batchSize() > 0
                ? " except batch-size " + options.batchSize()
                : " (batch-size 500, concurrency 1)",
            options.warmUp(),
            options.rounds()));
    notes.add(
        1,
        "CPU: utime + stime from /proc between the end of the warm-up and the last event handled, of inbox-consumer's JVM, PostgreSQL (by role) and the broker's JVM; the backlog was published before the consumer started.");
    run.record(options.docs(), "consumer", options.commandLine(), setup, notes, figures);
  }
}
