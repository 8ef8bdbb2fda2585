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

/** The dedupe-window benchmark's figures and notes. */
final class DedupeWindowFigures {

  private DedupeWindowFigures() {}

  static void record(
      DedupeWindowBenchmark.Options options,
      BenchmarkRun run,
      List<BacklogRun.Result> empty,
      List<BacklogRun.Result> full,
      DedupeWindowBenchmark.Pruning pruning) {
    Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < empty.size(); i++) {
      ratios.add(full.get(i).rate() / empty.get(i).rate());
    }
    Summary ratio = Summary.of(ratios);
    String window = String.format(Locale.ROOT, "%,d entries", options.windowRows());
    put(
        figures,
        "consumer.window_10m_ratio",
        ratio.median(),
        "x",
        "inbox-consumer's throughput with "
            + window
            + " in its dedupe window / with an empty one, median of "
            + ratio.n()
            + " paired rounds");
    put(
        figures,
        "consumer.window_10m_ratio_ci_low",
        ratio.medianLow(),
        "x",
        ratio.medianIntervalDescription("lower"));
    put(
        figures,
        "consumer.window_10m_ratio_ci_high",
        ratio.medianHigh(),
        "x",
        ratio.medianIntervalDescription("upper"));
    put(
        figures,
        "consumer.window_empty_events_per_s",
        median(empty),
        "events/s",
        "empty window, median of rounds");
    put(
        figures,
        "consumer.window_full_events_per_s",
        median(full),
        "events/s",
        window + " in the window, median of rounds");
    put(
        figures,
        "consumer.window_empty_cpu_us_per_event",
        cpuPerEvent(empty),
        "µs/event",
        "inbox-consumer + PostgreSQL CPU per event, empty window, median of rounds");
    put(
        figures,
        "consumer.window_full_cpu_us_per_event",
        cpuPerEvent(full),
        "µs/event",
        "inbox-consumer + PostgreSQL CPU per event, "
            + window
            + " in the window, median of rounds");
    put(
        figures,
        "consumer.prune_rows_per_s",
        pruning.rate(),
        "rows/s",
        String.format(
            Locale.ROOT,
            "the consumer's own pruning (batches of 5,000) deleting %,d expired entries beside %,d live ones",
            pruning.rows(),
            options.windowRows()));
    put(
        figures,
        "consumer.prune_cpu_us_per_row",
        pruning.cpu().millis("postgres") * 1000.0 / pruning.rows(),
        "µs/row",
        "PostgreSQL's CPU per pruned entry");
    List<String> notes = new ArrayList<>();
    notes.add(
        String.format(
            Locale.ROOT,
            "Each round copies two databases from templates the consumer migrated itself: an empty inbox, and one holding %,d entries of this consumer received over the last six days (inside the default 7-day window) plus %,d expired ones, with time-ordered ids below the backlog's, as an Onceflow producer's ids leave them; both VACUUM ANALYZEd. Then the same %,d-event backlog (after a %,d-event warm-up, topic of %d partitions) through inbox-consumer at its shipped defaults; %d rounds, the order alternating. Timing and CPU as in the consumer benchmark.",
            options.windowRows(),
            options.expiredRows(),
            options.events(),
            options.warmUp(),
            options.partitions(),
            options.rounds()));
    notes.add(
        "Pruning: a copy of the full database, the consumer started with onceflow.inbox.dedupe.prune-interval=1s (shipped: 10m; each run loops in batches of dedupe.prune-batch-size=5000 until nothing is older than the window), timed from readiness until no expired entry is left (polled every 250 ms). Keeping up at 1,000 events/s needs 1,000 rows/s.");
    notes.add(
        "Rounds, window / empty: "
            + ratios.stream().map(r -> String.format(Locale.ROOT, "%.3f", r)).toList());
    CostTable emptyCost = new CostTable();
    empty.forEach(r -> emptyCost.add(r.cpu(), r.events()));
    CostTable fullCost = new CostTable();
    full.forEach(r -> fullCost.add(r.cpu(), r.events()));
    notes.add(emptyCost.line("CPU, empty window", "event"));
    notes.add(fullCost.line("CPU, full window", "event"));
    run.record(
        options.docs(),
        "consumer-window",
        options.commandLine(),
        "PostgreSQL, the Kafka broker (its own JVM) and inbox-consumer (its own JVM) as separate processes on the same machine",
        notes,
        figures);
  }

  private static double median(List<BacklogRun.Result> results) {
    return Summary.median(results.stream().map(BacklogRun.Result::rate).toList());
  }

  private static double cpuPerEvent(List<BacklogRun.Result> results) {
    return Summary.median(
        results.stream()
            .map(
                r ->
                    (r.cpu().millis("inbox-consumer") + r.cpu().millis("postgres"))
                        * 1000.0
                        / r.events())
            .toList());
  }
}
