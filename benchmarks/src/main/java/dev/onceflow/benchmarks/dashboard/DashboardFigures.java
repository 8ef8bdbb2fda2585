package dev.onceflow.benchmarks.dashboard;

import static dev.onceflow.benchmarks.Goals.put;
import static dev.onceflow.benchmarks.Goals.putMedian;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.contract.OnceflowTopics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard benchmark's figures and notes: per rate, the medians of its rounds, with intervals
 * for the dashboard's CPU (per second and per event), the freshness and the snapshot interval.
 */
final class DashboardFigures {

  static final String RUN = "dashboard";

  /** The columns of {@link DashboardAnalysis.Result#round()}. */
  static final String ROUND_COLUMNS =
      "round, achieved events/s; dashboard CPU % of a core, µs per event; machine busy; interval"
          + " p50/p99/max ms; freshness p50/p99/max ms; search p50/p99 ms, hits";

  private static final String SETUP =
      "The Kafka broker (its own JVM), the load generator (the benchmark's JVM) and the dashboard"
          + " (its own JVM) on the same machine; PostgreSQL idle";

  private DashboardFigures() {}

  /** Records run {@code dashboard}. */
  static void record(
      BenchmarkRun run,
      DashboardBenchmark.Options options,
      DashboardRounds rounds,
      long committed,
      long read) {
    Map<String, BenchmarkReport.Figure> figures = figures(rounds);
    run.record(
        options.docs(),
        RUN,
        options.commandLine(),
        SETUP,
        notes(options, rounds, committed, read),
        figures);
    figures.forEach(
        (key, figure) ->
            DashboardBenchmark.log("%-44s %10.2f %s", key, figure.value(), figure.unit()));
  }

  /** Every rate's figures: the medians of its rounds. */
  static Map<String, BenchmarkReport.Figure> figures(DashboardRounds rounds) {
    Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
    for (int rate : rounds.rates()) {
      DashboardRounds.Rate summary = rounds.summary(rate);
      String at = "_at_" + rate;
      String where = " at " + DashboardBenchmark.count(rate) + " events/s";
      String of = ", median of " + summary.rounds() + " rounds";
      putMedian(
          figures,
          "dashboard.cpu_pct" + at,
          summary.cpuPct(),
          "% of a core",
          "dashboard process CPU (utime + stime)" + where + of);
      putMedian(
          figures,
          "dashboard.cpu_us_per_event" + at,
          summary.cpuUsPerEvent(),
          "µs/event",
          "dashboard process CPU per event fed in the same seconds (its fixed per-second work"
              + " included)"
              + where
              + of);
      put(
          figures,
          "dashboard.rss_mib" + at,
          summary.rssMib(),
          "MiB",
          "dashboard resident memory (VmRSS), highest of one sample a second" + where + of);
      put(
          figures,
          "dashboard.snapshot_interval_p50_ms" + at,
          summary.intervalP50Ms(),
          "ms",
          "interval between two SSE snapshots at a client, median" + where + of);
      putMedian(
          figures,
          "dashboard.snapshot_interval_p99_ms" + at,
          summary.intervalP99Ms(),
          "ms",
          "same, 99th percentile of the worse of the "
              + DashboardBenchmark.CLIENTS
              + " clients"
              + of);
      put(
          figures,
          "dashboard.snapshot_interval_max_ms" + at,
          summary.intervalMaxMs(),
          "ms",
          "longest interval between two SSE snapshots at either client" + where + of);
      put(
          figures,
          "dashboard.snapshot_bytes" + at,
          summary.snapshotBytes(),
          "bytes",
          "size of one snapshot (JSON), mean" + where + of);
      put(
          figures,
          "dashboard.freshness_p50_ms" + at,
          summary.freshnessP50Ms(),
          "ms",
          "event's Kafka commit -> first snapshot at the client that counts it, median"
              + where
              + of);
      String freshnessP99 = "dashboard.freshness_p99_ms" + at;
      putMedian(
          figures, freshnessP99, summary.freshnessP99Ms(), "ms", "same, 99th percentile" + of);
      if (summary.unseen() > 0) {
        figures.put(freshnessP99, neverShown(figures.get(freshnessP99), summary.unseen()));
      }
      put(
          figures,
          "dashboard.journey_freshness_p99_ms" + at,
          summary.journeyFreshnessP99Ms(),
          "ms",
          "event's Kafka commit -> first snapshot listing it among the live journeys, 99th"
              + " percentile (of the events listed)"
              + of);
      put(
          figures,
          "dashboard.search_p50_ms" + at,
          summary.searchP50Ms(),
          "ms",
          "GET /api/journeys?q=<order id> of an order committed 250 ms before, median"
              + where
              + of);
      put(
          figures,
          "dashboard.search_p99_ms" + at,
          summary.searchP99Ms(),
          "ms",
          "same, 99th percentile" + of);
    }
    return figures;
  }

  /** An event no snapshot ever counted misses the freshness goal, whatever the percentiles say. */
  private static BenchmarkReport.Figure neverShown(BenchmarkReport.Figure figure, long unseen) {
    return new BenchmarkReport.Figure(
        figure.value(),
        figure.unit(),
        figure.description() + "; " + unseen + " event(s) never counted by a snapshot",
        figure.goal(),
        figure.goal() == null ? null : false);
  }

  /** What {@link DashboardFeed} publishes, as a note of the runs it loads. */
  static String loadNote() {
    return "Load: "
        + DashboardFeed.class.getSimpleName()
        + " in the benchmark's JVM commits one Kafka transaction every 20 ms with the events"
        + " due on "
        + OnceflowTopics.ORDER_EVENTS
        + " (4 partitions; headers id, eventType, schemaVersion, aggregateSequence, createdAt,"
        + " committedAt and payloads as outbox-relay publishes them; 1 in 10 an"
        + " OrderCancelled), and one tick later one InboxJournalEntry per event on "
        + OnceflowTopics.INBOX_JOURNAL
        + " (acks=1, as inbox-consumer sends it); one event every 5 s is dead-lettered"
        + " instead (a record on "
        + OnceflowTopics.DEAD_LETTERS
        + " and a DEAD_LETTERED entry).";
  }

  private static List<String> notes(
      DashboardBenchmark.Options options, DashboardRounds rounds, long committed, long read) {
    List<String> notes = new ArrayList<>();
    notes.add(loadNote());
    notes.add(
        "The dashboard: "
            + options.dashboardJar()
            + ", JVM "
            + String.join(" ", options.dashboardJvm())
            + ", default settings (window.journeys 2000, 1 snapshot/s); the services it scrapes"
            + " point at a closed port (they show UNREACHABLE, as when they are down). Warm-up: "
            + DashboardBenchmark.count(options.warmUpRate())
            + " events/s for "
            + options.warmUpSeconds()
            + " s; then "
            + options.rounds()
            + " rounds, each running every rate once, the order of the rates rotating by one"
            + " place a round; each rate runs "
            + DashboardBenchmark.SETTLE.toSeconds()
            + " s before "
            + options.stepSeconds()
            + " s measured. The first rate is the baseline, measured in the same rounds. Each"
            + " figure is the median of the rounds' values.");
    notes.add(
        "Viewers: "
            + DashboardBenchmark.CLIENTS
            + " SSE clients (java.net.http, the whole stream parsed as a browser would) and one"
            + " client searching an order id every 100 ms. Freshness is measured from the moment"
            + " the benchmark's commitTransaction() returned to the arrival at the first client of"
            + " the first snapshot whose Kafka total counts the event (its position in the"
            + " stream; the 4 partitions interleave, so this is exact within a 20 ms batch).");
    notes.add(
        "CPU: the dashboard's own, utime + stime of its process from /proc/<pid>/stat over the"
            + " measured seconds, in % of one core (Kubernetes limit in k8s/base: 500m = 50 %) and"
            + " in µs per event fed in those seconds (its fixed per-second work, snapshots and"
            + " scrapes, included: at a low rate it dominates). The broker's and the load"
            + " generator's CPU are not measured. The machine is shared: 'machine busy' is every"
            + " process's CPU on the 2 cores in the same seconds.");
    for (int rate : rounds.rates()) {
      notes.add(
          "Rounds at "
              + DashboardBenchmark.count(rate)
              + " events/s ("
              + ROUND_COLUMNS
              + "): "
              + String.join(
                  " | ",
                  rounds.results(rate).stream().map(DashboardAnalysis.Result::round).toList())
              + ".");
    }
    notes.add(
        "In total "
            + DashboardBenchmark.count(committed)
            + " events fed; the dashboard's last snapshot counted "
            + DashboardBenchmark.count(read)
            + " read.");
    return notes;
  }
}
