package dev.onceflow.benchmarks.dashboard;

import static dev.onceflow.benchmarks.Goals.put;
import static dev.onceflow.benchmarks.Goals.putMedian;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The figures of {@link DashboardAuditBenchmark}: each dashboard's CPU per event and memory, and
 * what the audit adds, as medians of the rounds with their distribution-free intervals. The added
 * cost is taken round by round (audit on minus audit off over the same seconds), so it is a paired
 * difference, not a difference of two medians.
 */
final class DashboardAuditFigures {

  static final String RUN = "dashboard-audit";
  private static final String PREFIX = RUN + ".";

  private static final String SETUP =
      "The Kafka broker (its own JVM), the load generator (the benchmark's JVM) and the two"
          + " dashboards (a JVM each) on the same machine; PostgreSQL idle";

  private DashboardAuditFigures() {}

  /** Records run {@code dashboard-audit}. */
  static void record(
      BenchmarkRun run,
      DashboardAuditBenchmark.Options options,
      List<AuditRound> rounds,
      long committed,
      String audited) {
    Map<String, BenchmarkReport.Figure> figures = figures(rounds, options.rate());
    run.record(
        options.docs(),
        RUN,
        options.commandLine(),
        SETUP,
        notes(options, rounds, committed, audited),
        figures);
    figures.forEach(
        (key, figure) ->
            DashboardAuditBenchmark.log("%-52s %10.3f %s", key, figure.value(), figure.unit()));
  }

  static Map<String, BenchmarkReport.Figure> figures(List<AuditRound> rounds, int rate) {
    Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
    String where = " at " + DashboardBenchmark.count(rate) + " events/s";
    String of = ", median of " + rounds.size() + " rounds";
    // µs, not ms: the report keeps two decimals, and 0.077 ms would read as 0.08.
    putMedian(
        figures,
        PREFIX + "cpu_us_per_event_audit_on",
        summary(rounds, AuditRound::onUsPerEvent),
        "µs/event",
        "dashboard process CPU (utime + stime) per event fed, audit on"
            + where
            + " (its fixed per-second work included)"
            + of);
    putMedian(
        figures,
        PREFIX + "cpu_us_per_event_audit_off",
        summary(rounds, AuditRound::offUsPerEvent),
        "µs/event",
        "dashboard process CPU (utime + stime) per event fed, audit off, over the same seconds"
            + " as the audit-on one"
            + of);
    putMedian(
        figures,
        PREFIX + "cpu_us_per_event_added",
        summary(rounds, AuditRound::addedUsPerEvent),
        "µs/event",
        "the audit's CPU per event: audit on minus audit off in each round" + of);
    putMedian(
        figures,
        PREFIX + "rss_mib_audit_on",
        summary(rounds, AuditRound::onRssMib),
        "MiB",
        "dashboard resident memory (VmRSS), highest of one sample a second in a round, audit on"
            + of);
    putMedian(
        figures,
        PREFIX + "rss_mib_audit_off",
        summary(rounds, AuditRound::offRssMib),
        "MiB",
        "dashboard resident memory (VmRSS), highest of one sample a second in a round, audit off"
            + of);
    putMedian(
        figures,
        PREFIX + "rss_mib_added",
        summary(rounds, AuditRound::addedRssMib),
        "MiB",
        "the audit's resident memory: audit on minus audit off in each round" + of);
    put(
        figures,
        PREFIX + "rss_mib_max_audit_on",
        max(rounds, AuditRound::onRssMib),
        "MiB",
        "dashboard resident memory, highest of all rounds, audit on (the Kubernetes limit must"
            + " hold it)");
    put(
        figures,
        PREFIX + "rss_mib_max_audit_off",
        max(rounds, AuditRound::offRssMib),
        "MiB",
        "dashboard resident memory, highest of all rounds, audit off");
    return figures;
  }

  private static Summary summary(List<AuditRound> rounds, ToDoubleFunction<AuditRound> measure) {
    return Summary.of(rounds.stream().map(measure::applyAsDouble).toList());
  }

  private static double max(List<AuditRound> rounds, ToDoubleFunction<AuditRound> measure) {
    return rounds.stream().mapToDouble(measure).max().orElseThrow();
  }

  private static List<String> notes(
      DashboardAuditBenchmark.Options options,
      List<AuditRound> rounds,
      long committed,
      String audited) {
    List<String> notes = new ArrayList<>();
    notes.add(DashboardFigures.loadNote());
    notes.add(
        "Two dashboards: "
            + options.dashboardJar()
            + ", JVM "
            + String.join(" ", options.dashboardJvm())
            + ", default settings, one with ONCEFLOW_DASHBOARD_AUDIT_ENABLED=true and one with"
            + " false, each its own consumer group reading every event, each with "
            + DashboardBenchmark.CLIENTS
            + " SSE viewers; the services they scrape point at a closed port. Warm-up: "
            + DashboardBenchmark.count(options.rate())
            + " events/s for "
            + options.warmUpSeconds()
            + " s (past the audit's bounds, 80,000 events and 100,000 aggregates, so that its"
            + " memory is at its steady state); then "
            + options.rounds()
            + " rounds of "
            + options.stepSeconds()
            + " s at the same rate, both dashboards measured over the same seconds.");
    notes.add(
        "CPU: utime + stime of each dashboard's process from /proc/<pid>/stat over a round, per"
            + " event fed in it (fixed per-second work, snapshots and scrapes, included, the same"
            + " with the audit on and off). Memory: VmRSS sampled once a second. The added cost"
            + " is on minus off within each round, so machine noise common to both cancels.");
    notes.add(
        "Rounds: " + String.join(" | ", rounds.stream().map(AuditRound::line).toList()) + ".");
    notes.add(
        "In total "
            + DashboardBenchmark.count(committed)
            + " events fed; every viewer's last snapshot counted them all. "
            + audited
            + ".");
    return notes;
  }
}
