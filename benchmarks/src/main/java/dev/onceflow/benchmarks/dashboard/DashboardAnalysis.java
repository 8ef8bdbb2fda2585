package dev.onceflow.benchmarks.dashboard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the viewers saw during one rate: intervals, sizes, freshness, searches. */
final class DashboardAnalysis {

  private DashboardAnalysis() {}

  static Result analyse(
      DashboardStep step,
      DashboardFeed feed,
      List<List<SnapshotClient.Received>> clients,
      List<JourneySearches.Search> searches) {
    List<Double> intervals = new ArrayList<>();
    List<Double> worstClientIntervals = null;
    List<Double> bytes = new ArrayList<>();
    for (List<SnapshotClient.Received> received : clients) {
      List<Double> own = new ArrayList<>();
      for (int i = 1; i < received.size(); i++) {
        long at = received.get(i).receivedNanos();
        if (at >= step.start() && at <= step.end()) {
          own.add((at - received.get(i - 1).receivedNanos()) / 1e6);
          bytes.add((double) received.get(i).bytes());
        }
      }
      intervals.addAll(own);
      Collections.sort(own);
      if (worstClientIntervals == null
          || percentile(own, 0.99) > percentile(worstClientIntervals, 0.99)) {
        worstClientIntervals = own;
      }
    }
    Collections.sort(intervals);
    Collections.sort(bytes);

    // Freshness: the first snapshot (of the first client) whose count of events read reaches the
    // event's position in the stream, and the first that lists the event among the journeys.
    List<SnapshotClient.Received> first = clients.get(0);
    List<Double> freshness = new ArrayList<>();
    List<Double> journeyFreshness = new ArrayList<>();
    long counted = 0;
    Set<String> listed = new HashSet<>();
    for (SnapshotClient.Received snapshot : first) {
      long upTo = Math.min(snapshot.eventsRead(), step.lastPosition());
      for (long position = Math.max(counted, step.firstPosition()); position < upTo; position++) {
        freshness.add((snapshot.receivedNanos() - feed.commitNanos(position)) / 1e6);
      }
      counted = Math.max(counted, upTo);
      for (String eventId : snapshot.journeyIds()) {
        Long committedAt = feed.commitNanos(eventId);
        if (committedAt != null
            && committedAt >= step.start()
            && committedAt <= step.end()
            && listed.add(eventId)) {
          journeyFreshness.add((snapshot.receivedNanos() - committedAt) / 1e6);
        }
      }
    }
    long unseen = step.lastPosition() - Math.max(counted, step.firstPosition());
    Collections.sort(freshness);
    Collections.sort(journeyFreshness);

    List<Double> searchMs = new ArrayList<>();
    int hits = 0;
    for (JourneySearches.Search search : searches) {
      if (search.startNanos() >= step.start() && search.startNanos() <= step.end()) {
        searchMs.add(search.millis());
        hits += search.hit() ? 1 : 0;
      }
    }
    Collections.sort(searchMs);
    return new Result(
        step,
        stats(intervals),
        stats(worstClientIntervals == null ? List.of() : worstClientIntervals),
        stats(bytes),
        stats(freshness),
        unseen,
        stats(journeyFreshness),
        stats(searchMs),
        searchMs.isEmpty() ? Double.NaN : hits / (double) searchMs.size());
  }

  /** Count, mean, median, 99th percentile and maximum of a sample. */
  record Stats(int count, double mean, double p50, double p99, double max) {}

  /** One round's figures at one rate. */
  record Result(
      DashboardStep step,
      Stats intervals,
      Stats worstClient,
      Stats bytes,
      Stats freshness,
      long unseen,
      Stats journeyFreshness,
      Stats search,
      double searchHitRate) {

    /** The round in one line, as {@link DashboardFigures#ROUND_COLUMNS} names its columns. */
    String round() {
      return String.format(
          Locale.ROOT,
          "r%d %,.0f; %.1f %%, %.0f µs; %.0f %%; %.0f/%.0f/%.0f; %.0f/%.0f/%.0f%s; %.1f/%.1f,"
              + " %.0f %%",
          step.round() + 1,
          step.achieved(),
          step.cpuPct(),
          step.cpuUsPerEvent(),
          step.machineBusyPct(),
          intervals.p50(),
          worstClient.p99(),
          intervals.max(),
          freshness.p50(),
          freshness.p99(),
          freshness.max(),
          unseen == 0 ? "" : " (" + unseen + " never counted)",
          search.p50(),
          search.p99(),
          searchHitRate * 100);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "round %d, %,d events/s (achieved %,.0f, machine busy %.0f %%): CPU %.1f %% (%.0f µs per"
              + " event), RSS %.0f MiB; snapshots %d, interval p50 %.0f p99 %.0f max %.0f ms, %.0f"
              + " bytes; freshness p50 %.0f p99 %.0f max %.0f ms (%d events, %d never counted);"
              + " journeys listed %d, p99 %.0f ms; search p50 %.1f p99 %.1f max %.1f ms (%d, %.0f %%"
              + " found)",
          step.round() + 1,
          step.rate(),
          step.achieved(),
          step.machineBusyPct(),
          step.cpuPct(),
          step.cpuUsPerEvent(),
          step.rssMib(),
          intervals.count(),
          intervals.p50(),
          worstClient.p99(),
          intervals.max(),
          bytes.mean(),
          freshness.p50(),
          freshness.p99(),
          freshness.max(),
          freshness.count(),
          unseen,
          journeyFreshness.count(),
          journeyFreshness.p99(),
          search.p50(),
          search.p99(),
          search.max(),
          search.count(),
          searchHitRate * 100);
    }
  }

  private static Stats stats(List<Double> sorted) {
    if (sorted.isEmpty()) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double sum = 0;
    for (double value : sorted) {
      sum += value;
    }
    return new Stats(
        sorted.size(),
        sum / sorted.size(),
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        sorted.get(sorted.size() - 1));
  }

  private static double percentile(List<Double> sorted, double quantile) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
