package dev.onceflow.benchmarks.outage;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.Goals;
import dev.onceflow.benchmarks.outage.OutageTimeline.Audit;
import dev.onceflow.benchmarks.outage.OutageTimeline.CatchUp;
import dev.onceflow.benchmarks.outage.OutageTimeline.SlotSample;
import dev.onceflow.benchmarks.platform.EventTap.Arrival;
import dev.onceflow.benchmarks.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The outage benchmark's figures and notes, from its recorded timeline. */
final class OutageFigures {

  private static final double MIB = 1024.0 * 1024.0;

  /** What the run recorded. */
  record Run(
      long startedWritingAtMs,
      long killedAtMs,
      long restartedAtMs,
      List<SlotSample> samples,
      List<Arrival> arrivals,
      List<String> writtenKeys,
      double achievedRate,
      double catchUpCpuUsPerEvent) {}

  private final Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  OutageFigures(Run run, long lagLimitMs) {
    List<SlotSample> samples = run.samples();
    List<Double> steadyLags =
        samples.stream()
            .filter(s -> s.atMs() >= run.startedWritingAtMs() && s.atMs() < run.killedAtMs())
            .map(s -> (double) s.lagBytes())
            .toList();
    long steadyMax = steadyLags.stream().mapToLong(Double::longValue).max().orElse(0);
    long lag = OutageTimeline.maxLag(samples, run.killedAtMs(), run.restartedAtMs());
    long retained = OutageTimeline.maxRetained(samples, run.killedAtMs(), run.restartedAtMs());
    long walDirectory = samples.stream().mapToLong(SlotSample::walDirectoryBytes).max().orElse(0);
    long writtenInOutage =
        run.arrivals().stream()
            .filter(
                a -> a.createdAtMs() >= run.killedAtMs() && a.createdAtMs() < run.restartedAtMs())
            .count();
    CatchUp catchUp = OutageTimeline.catchUp(run.arrivals(), run.restartedAtMs(), lagLimitMs);
    Audit audit = OutageTimeline.audit(run.writtenKeys(), run.arrivals());
    double outageSeconds = (run.restartedAtMs() - run.killedAtMs()) / 1000.0;

    put("outage_s", outageSeconds, "s", "kill -9 of the relay -> a new relay process started");
    put(
        "outage_write_rate_per_s",
        run.achievedRate(),
        "events/s",
        "the steady write rate throughout (pgbench, one order and its OrderPlaced per transaction)");
    put(
        "outage_steady_slot_lag_kib",
        steadyLags.isEmpty() ? 0 : Summary.median(steadyLags) / 1024,
        "KiB",
        "slot lag (pg_current_wal_lsn() - confirmed_flush_lsn) with the relay running, median of samples before the kill");
    put(
        "outage_slot_lag_mib",
        lag / MIB,
        "MiB",
        "slot lag at the end of the outage (largest sample between kill and restart)");
    put(
        "outage_retained_wal_mib",
        retained / MIB,
        "MiB",
        "WAL the slot retains (pg_current_wal_lsn() - restart_lsn), largest sample in the outage");
    put(
        "outage_wal_dir_mib",
        walDirectory / MIB,
        "MiB",
        "size of pg_wal, largest sample of the run");
    put(
        "outage_wal_kib_per_event",
        writtenInOutage == 0 ? 0 : (lag - steadyMax) / 1024.0 / writtenInOutage,
        "KiB",
        "slot lag growth per event written during the outage: what sizes max_slot_wal_keep_size");
    put(
        "outage_backlog_events",
        catchUp.backlog(),
        "events",
        "events committed before the restart and published after it");
    put(
        "outage_first_event_s",
        (catchUp.firstEventAtMs() - run.restartedAtMs()) / 1000.0,
        "s",
        "restart -> first event appended (JVM start, fencing, offsets, engine start)");
    put(
        "outage_catch_up_s",
        (catchUp.caughtUpAtMs() - run.restartedAtMs()) / 1000.0,
        "s",
        "restart -> first event appended with end-to-end lag (append time - created_at) under "
            + lagLimitMs
            + " ms again");
    put(
        "outage_catch_up_events_per_s",
        catchUp.eventsPerSecond(),
        "events/s",
        "events appended from the first after the restart until caught up, per second of that interval (writes continuing)");
    OutageTimeline.firstLagAtMost(samples, run.restartedAtMs(), Math.max(steadyMax, 1 << 20))
        .ifPresent(
            at ->
                put(
                    "outage_slot_caught_up_s",
                    (at - run.restartedAtMs()) / 1000.0,
                    "s",
                    "restart -> first slot sample with a lag no larger than before the kill (at least 1 MiB)"));
    put(
        "outage_catch_up_cpu_us_per_event",
        run.catchUpCpuUsPerEvent(),
        "µs/event",
        "CPU of the relay and PostgreSQL from the restart until caught up (JVM start included) per event appended");
    put(
        "outage_lost",
        audit.lost(),
        "events",
        "orders written whose event is not in Kafka (read_committed)");
    put("outage_duplicates", audit.duplicates(), "events", "events read more than once");
    notes.add(
        String.format(
            Locale.ROOT,
            "Audit against the orders table (one OrderPlaced per order): %,d orders written, %,d events read; lost %d, duplicates %d, events no order explains %d. Events written during the outage: %,d.",
            audit.written(),
            audit.read(),
            audit.lost(),
            audit.duplicates(),
            audit.phantoms(),
            writtenInOutage));
    notes.add(
        "Slot over time (s from the kill: slot lag MiB / retained MiB / active): " + series(run));
  }

  Map<String, BenchmarkReport.Figure> figures() {
    return figures;
  }

  List<String> notes() {
    return notes;
  }

  /** Every 30th sample, from the kill on, then the one just before the restart and just after. */
  private static String series(Run run) {
    List<String> points = new ArrayList<>();
    int i = 0;
    for (SlotSample sample : run.samples()) {
      if (sample.atMs() >= run.killedAtMs() - 1000 && i++ % 30 == 0) {
        points.add(
            String.format(
                Locale.ROOT,
                "%+.0f: %.1f / %.1f / %s",
                (sample.atMs() - run.killedAtMs()) / 1000.0,
                sample.lagBytes() / MIB,
                sample.retainedBytes() / MIB,
                sample.active() ? "active" : "inactive"));
      }
    }
    return String.join("; ", points);
  }

  private void put(String key, double value, String unit, String description) {
    String full = "relay." + key;
    figures.put(full, Goals.figure(full, value, unit, description));
  }
}
