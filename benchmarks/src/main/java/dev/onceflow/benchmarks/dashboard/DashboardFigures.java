package dev.onceflow.benchmarks.dashboard;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.contract.OnceflowTopics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dashboard benchmark's figures and notes. */
final class DashboardFigures {

  private DashboardFigures() {}

  /** Records run {@code dashboard}. */
  static void record(
      DashboardBenchmark.Options options,
      Map<String, Object> machine,
      String measuredAt,
      List<DashboardAnalysis.Result> results,
      long committed,
      long read) {
    String command =
        "mvn -q -pl benchmarks,dashboard -am -DskipTests package && java -jar"
            + " benchmarks/target/benchmarks.jar dashboard --rates "
            + String.join(",", options.rates().stream().map(String::valueOf).toList())
            + " --step-seconds "
            + options.stepSeconds();
    Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
    for (DashboardAnalysis.Result result : results) {
      int rate = result.step().rate();
      String at = "_at_" + rate;
      boolean goal = rate == DashboardBenchmark.GOAL_RATE;
      String where = " at " + DashboardBenchmark.count(rate) + " events/s";
      figures.put(
          "dashboard.cpu_pct" + at,
          new BenchmarkReport.Figure(
              result.step().cpuPct(),
              "% of a core",
              "dashboard process CPU (utime + stime)" + where,
              null,
              null));
      figures.put(
          "dashboard.rss_mib" + at,
          new BenchmarkReport.Figure(
              result.step().rssMib(),
              "MiB",
              "dashboard resident memory (VmRSS), highest of one sample a second" + where,
              null,
              null));
      figures.put(
          "dashboard.snapshot_interval_p50_ms" + at,
          new BenchmarkReport.Figure(
              result.intervals().p50(),
              "ms",
              "interval between two SSE snapshots at a client, median" + where,
              null,
              null));
      figures.put(
          "dashboard.snapshot_interval_p99_ms" + at,
          new BenchmarkReport.Figure(
              result.worstClient().p99(),
              "ms",
              "same, 99th percentile of the worse of the "
                  + DashboardBenchmark.CLIENTS
                  + " clients",
              goal
                  ? "<= " + DashboardBenchmark.count((long) DashboardBenchmark.INTERVAL_GOAL_MS)
                  : null,
              goal ? result.worstClient().p99() <= DashboardBenchmark.INTERVAL_GOAL_MS : null));
      figures.put(
          "dashboard.snapshot_interval_max_ms" + at,
          new BenchmarkReport.Figure(
              result.intervals().max(),
              "ms",
              "longest interval between two SSE snapshots at either client" + where,
              null,
              null));
      figures.put(
          "dashboard.snapshot_bytes" + at,
          new BenchmarkReport.Figure(
              result.bytes().mean(),
              "bytes",
              "size of one snapshot (JSON), mean" + where,
              null,
              null));
      figures.put(
          "dashboard.freshness_p50_ms" + at,
          new BenchmarkReport.Figure(
              result.freshness().p50(),
              "ms",
              "event's Kafka commit -> first snapshot at the client that counts it, median" + where,
              null,
              null));
      figures.put(
          "dashboard.freshness_p99_ms" + at,
          new BenchmarkReport.Figure(
              result.freshness().p99(),
              "ms",
              "same, 99th percentile",
              goal
                  ? "<= " + DashboardBenchmark.count((long) DashboardBenchmark.FRESHNESS_GOAL_MS)
                  : null,
              goal
                  ? result.freshness().p99() <= DashboardBenchmark.FRESHNESS_GOAL_MS
                      && result.unseen() == 0
                  : null));
      figures.put(
          "dashboard.journey_freshness_p99_ms" + at,
          new BenchmarkReport.Figure(
              result.journeyFreshness().p99(),
              "ms",
              "event's Kafka commit -> first snapshot listing it among the live journeys, 99th"
                  + " percentile (of the events listed)",
              null,
              null));
      figures.put(
          "dashboard.search_p50_ms" + at,
          new BenchmarkReport.Figure(
              result.search().p50(),
              "ms",
              "GET /api/journeys?q=<order id> of an order committed 250 ms before, median" + where,
              null,
              null));
      figures.put(
          "dashboard.search_p99_ms" + at,
          new BenchmarkReport.Figure(
              result.search().p99(), "ms", "same, 99th percentile", null, null));
    }
    List<String> notes = new ArrayList<>();
    notes.add(
        "Load: "
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
            + " and a DEAD_LETTERED entry).");
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
            + " s; each rate then runs "
            + DashboardBenchmark.SETTLE.toSeconds()
            + " s before "
            + options.stepSeconds()
            + " s measured. The first rate is the baseline, measured in the same run.");
    notes.add(
        "Viewers: "
            + DashboardBenchmark.CLIENTS
            + " SSE clients (java.net.http, the whole stream parsed as a browser would) and one"
            + " client searching an order id every 100 ms. Freshness is measured from the moment"
            + " the benchmark's commitTransaction() returned to the arrival at the first client of"
            + " the first snapshot whose Kafka total counts the event (its position in the"
            + " stream; the 4 partitions interleave, so this is exact within a 20 ms batch).");
    notes.add(
        "CPU: utime + stime of the dashboard process from /proc/<pid>/stat over the measured"
            + " seconds, in % of one core (Kubernetes limit in k8s/base: 500m = 50 %). The machine"
            + " is shared: 'machine busy' is every process's CPU on the 2 cores in the same"
            + " seconds.");
    StringBuilder table =
        new StringBuilder(
            "Steps (rate: achieved events/s; machine busy; interval p50/p99/max ms; freshness"
                + " p50/p99/max ms; search p50/p99 ms, hits):");
    results.forEach(result -> table.append(' ').append(result.summary()).append(';'));
    notes.add(table.toString());
    notes.add(
        "In total "
            + DashboardBenchmark.count(committed)
            + " events fed; the dashboard's last snapshot counted "
            + DashboardBenchmark.count(read)
            + " read.");
    new BenchmarkReport(options.docs())
        .record(
            "dashboard",
            new BenchmarkReport.Run(command, measuredAt, machine, notes).previousMethod(),
            figures);
    figures.forEach(
        (key, figure) ->
            DashboardBenchmark.log("%-44s %10.2f %s", key, figure.value(), figure.unit()));
    DashboardBenchmark.log("written: %s/benchmarks.json and benchmarks.md", options.docs());
  }
}
