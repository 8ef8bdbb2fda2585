package dev.onceflow.benchmarks.takeover;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.Goals;
import dev.onceflow.benchmarks.platform.EventTap;
import dev.onceflow.benchmarks.stats.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The takeover benchmark's figures: takeover time per kill (p50, p99, max), its phases as the new
 * holder logged them, the time until events flow with their usual lag again, and the exactly-once
 * audit of the whole run.
 */
final class TakeoverFigures {

  /** Lag (append time minus {@code created_at}) under which the new holder has caught up. */
  static final long CAUGHT_UP_LAG_MS = 100;

  /** The relay log's milestones of an activation, in order. */
  private static final List<String> MILESTONES =
      List.of("Acquired the lock of shard", "Producer onceflow-relay-", "is streaming from slot");

  /** The producer line's split of lock -> producer started (topic checks, start, offsets read). */
  static final Pattern PRODUCER_TIMES =
      Pattern.compile(
          "topics checked in (\\d+) ms, producer started in (\\d+) ms, offsets read in (\\d+) ms");

  /** How much of the offsets topic the activation itself read, and how much the standby had. */
  static final Pattern OFFSETS_READ =
      Pattern.compile("(\\d+) record\\(s\\) ahead of the activation, (\\d+) after");

  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  /** One kill: its instant, and the log of the instance that took over. */
  record Kill(long killedAtMs, Path newHolderLog) {}

  private final Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  TakeoverFigures(
      List<Kill> kills,
      List<UUID> committed,
      List<EventTap.Arrival> arrivals,
      int rate,
      Map<String, String> relayConfig) {
    List<EventTap.Arrival> byAppend = new ArrayList<>(arrivals);
    byAppend.sort(Comparator.comparingLong(EventTap.Arrival::appendedAtMs));
    List<Double> takeovers = new ArrayList<>();
    List<Double> caughtUp = new ArrayList<>();
    List<List<Double>> phases = new ArrayList<>();
    List<List<Double>> producerTimes = new ArrayList<>();
    List<List<Double>> offsetsReads = new ArrayList<>();
    for (Kill kill : kills) {
      producerTimes.add(afterKill(kill, PRODUCER_TIMES));
      offsetsReads.add(afterKill(kill, OFFSETS_READ));
      int first = firstAfter(byAppend, kill.killedAtMs());
      long firstAt = byAppend.get(first).appendedAtMs();
      takeovers.add((firstAt - kill.killedAtMs()) / 1000.0);
      int settled = first;
      while (settled < byAppend.size() - 1 && lag(byAppend.get(settled)) > CAUGHT_UP_LAG_MS) {
        settled++;
      }
      caughtUp.add((byAppend.get(settled).appendedAtMs() - kill.killedAtMs()) / 1000.0);
      List<Double> phase = new ArrayList<>();
      long previous = kill.killedAtMs();
      for (long at : milestones(kill)) {
        phase.add((at - previous) / 1000.0);
        previous = at;
      }
      phase.add((firstAt - previous) / 1000.0);
      phases.add(phase);
    }
    put(
        "relay.takeover_p50_s",
        percentile(takeovers, 0.50),
        "s",
        "kill -9 of the active relay -> first event a read_committed consumer sees from the new holder (broker append time), median of "
            + kills.size()
            + " kills");
    put(
        "relay.takeover_p99_s",
        percentile(takeovers, 0.99),
        "s",
        "same, 99th percentile (nearest rank: with fewer than 100 kills, the slowest)");
    put("relay.takeover_max_s", percentile(takeovers, 1.0), "s", "same, slowest kill");
    put(
        "relay.takeover_caught_up_p50_s",
        percentile(caughtUp, 0.50),
        "s",
        "kill -> the new holder publishes with under "
            + CAUGHT_UP_LAG_MS
            + " ms lag again (backlog of the gap drained), median");
    put(
        "relay.takeover_caught_up_p99_s",
        percentile(caughtUp, 0.99),
        "s",
        "same, 99th percentile (nearest rank)");
    audit(committed, arrivals);
    notes.add(
        String.format(
            Locale.ROOT,
            "Two packaged relays of one shard (exactly-once, shipped defaults%s); a trickle of %d outbox writes/s (one transaction per event, row inserted and deleted) runs throughout. Each round: wait until %d more events arrived and the standby reports itself standing by, wait a random 0-1 s (out of phase with the standby's lock waits), SIGKILL the active relay, wait until the standby reports active, start a new process as the next standby.",
            relayConfig.isEmpty() ? "" : " except " + relayConfig,
            rate,
            2 * rate));
    notes.add(
        "Takeover ends at the broker's append time (topic with message.timestamp.type=LogAppendTime) of the first event appended after the kill; only the new holder can append then (the killed one's produce requests in flight at the kill could land within a millisecond; its open transaction is aborted by the new holder's initTransactions, so a read_committed consumer never sees them). The transaction commits moments after the append.");
    notes.add(
        "Phases, median s (from the new holder's log; kill -> lock acquired = until PostgreSQL grants the lock to the standby (queued on it since this change; earlier runs: its 1 s poll); lock -> producer started = topic checks, initTransactions (fencing) and the offsets read; producer -> streaming = slot check, Debezium engine start (connector validation, task start); streaming -> first event = resume-position search and first batch): "
            + phaseMedians(phases));
    notes.add(
        "Lock -> producer started, split (median ms, from the producer's log line): "
            + columnMedians(
                producerTimes.stream().filter(split -> !split.isEmpty()).toList(),
                List.of(
                    "topic checks",
                    "producer start (initTransactions: fencing, the dead holder's transaction aborted)",
                    "offsets read"))
            + "; offsets records the activation read itself / the standby had read ahead (median): "
            + columnMedians(
                offsetsReads.stream().filter(split -> !split.isEmpty()).toList(),
                List.of("ahead", "after")));
    notes.add("Per kill, takeover s: " + format(takeovers) + "; caught up s: " + format(caughtUp));
  }

  Map<String, BenchmarkReport.Figure> figures() {
    return figures;
  }

  List<String> notes() {
    return notes;
  }

  private void audit(List<UUID> committed, List<EventTap.Arrival> arrivals) {
    Map<UUID, Integer> seen = new HashMap<>();
    arrivals.forEach(arrival -> seen.merge(arrival.id(), 1, Integer::sum));
    Set<UUID> written = new HashSet<>(committed);
    long lost = written.stream().filter(id -> !seen.containsKey(id)).count();
    long duplicates = seen.values().stream().mapToLong(count -> count - 1).sum();
    long phantoms = seen.keySet().stream().filter(id -> !written.contains(id)).count();
    put(
        "relay.takeover_lost",
        lost,
        "events",
        "outbox rows committed during the run and missing from Kafka (read_committed)");
    put("relay.takeover_duplicates", duplicates, "events", "events read more than once");
    notes.add(
        String.format(
            Locale.ROOT,
            "Exactly-once audit: %,d outbox rows committed, %,d events read; lost %d, duplicates %d, events no committed row explains %d.",
            committed.size(),
            arrivals.size(),
            lost,
            duplicates,
            phantoms));
  }

  private static int firstAfter(List<EventTap.Arrival> byAppend, long instant) {
    for (int i = 0; i < byAppend.size(); i++) {
      if (byAppend.get(i).appendedAtMs() > instant) {
        return i;
      }
    }
    throw new IllegalStateException("no event was published after the kill at " + instant);
  }

  private static long lag(EventTap.Arrival arrival) {
    return arrival.appendedAtMs() - arrival.createdAtMs();
  }

  /** The instants of the activation's milestones after the kill, from the new holder's log. */
  private static List<Long> milestones(Kill kill) {
    List<Long> instants = new ArrayList<>();
    try {
      int next = 0;
      for (String line : Files.readAllLines(kill.newHolderLog(), StandardCharsets.UTF_8)) {
        if (next < MILESTONES.size() && line.contains(MILESTONES.get(next))) {
          long at = logTime(line);
          if (at >= kill.killedAtMs()) {
            instants.add(at);
            next++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return instants;
  }

  /** The numbers {@code pattern} finds in the new holder's first matching line after the kill. */
  static List<Double> afterKill(Kill kill, Pattern pattern) {
    try {
      for (String line : Files.readAllLines(kill.newHolderLog(), StandardCharsets.UTF_8)) {
        Matcher matcher = pattern.matcher(line);
        if (logTime(line) >= kill.killedAtMs() && matcher.find()) {
          List<Double> numbers = new ArrayList<>();
          for (int group = 1; group <= matcher.groupCount(); group++) {
            numbers.add(Double.parseDouble(matcher.group(group)));
          }
          return numbers;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of();
  }

  private static String columnMedians(List<List<Double>> rows, List<String> names) {
    if (rows.isEmpty()) {
      return "not logged";
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      int index = i;
      List<Double> column = rows.stream().map(row -> row.get(index)).toList();
      parts.add(
          String.format(
              Locale.ROOT,
              "%s %.0f (max %.0f)",
              names.get(i),
              Summary.median(column),
              column.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
    }
    return String.join(", ", parts);
  }

  private static long logTime(String line) {
    try {
      return LocalDateTime.parse(line.substring(0, 23), LOG_TIME)
          .atZone(ZoneId.systemDefault())
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
      return -1;
    }
  }

  private static String phaseMedians(List<List<Double>> phases) {
    List<String> names =
        List.of(
            "kill -> lock",
            "lock -> producer",
            "producer -> streaming",
            "streaming -> first event");
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      int index = i;
      List<Double> column =
          phases.stream().filter(p -> p.size() == names.size()).map(p -> p.get(index)).toList();
      if (!column.isEmpty()) {
        parts.add(
            names.get(i)
                + " "
                + String.format(
                    Locale.ROOT,
                    "%.2f (max %.2f)",
                    Summary.median(column),
                    column.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
      }
    }
    return String.join("; ", parts);
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Double> values, double p) {
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
  }

  private static String format(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString();
  }

  private void put(String key, double value, String unit, String description) {
    figures.put(key, Goals.figure(key, value, unit, description));
  }
}
