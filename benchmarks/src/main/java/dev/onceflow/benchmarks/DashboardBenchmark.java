package dev.onceflow.benchmarks;

import dev.onceflow.core.contract.OnceflowTopics;
import dev.onceflow.local.LocalKafka;
import dev.onceflow.local.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The dashboard under a steady stream of events, measured as a viewer sees it: the packaged
 * dashboard (its own JVM, production profile) reads Kafka (in this JVM) fed by {@link
 * DashboardFeed} at a baseline rate, then at 1,000 and 2,000 events/s; two {@link SnapshotClient}s
 * follow its SSE feed and a third client searches journeys. Per rate: the dashboard's CPU and
 * resident memory, the interval between snapshots, their size, how long an event takes to show, and
 * the latency of a journey search. The services it scrapes are absent (a closed port), as when they
 * are down: the dashboard must cope.
 */
public final class DashboardBenchmark {

  private static final String UNREACHABLE = "http://127.0.0.1:1";
  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static final Duration SETTLE = Duration.ofSeconds(5);
  private static final Duration SEARCH_EVERY = Duration.ofMillis(100);
  private static final Duration SEARCH_AGE = Duration.ofMillis(250);
  private static final int CLIENTS = 2;

  // The "stays responsive at 1,000 events/s": one snapshot about every second, and an
  // event on screen within a couple of seconds.
  private static final int GOAL_RATE = 1_000;
  private static final double INTERVAL_GOAL_MS = 1_250;
  private static final double FRESHNESS_GOAL_MS = 2_000;
  private static final long CLOCK_TICKS = clockTicks();

  private final Options options;

  private DashboardBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new DashboardBenchmark(Options.parse(args)).run();
  }

  private void run() throws Exception {
    Map<String, Object> machine = MachineFacts.collect();
    machine.put(
        "setup",
        "Kafka and the load generator (in the benchmark's JVM) and the dashboard (its own JVM) on"
            + " the same machine");
    String measuredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    log("machine: %s", machine);
    List<Step> steps = new ArrayList<>();
    List<SnapshotClient> clients = new ArrayList<>();
    List<Search> searches = Collections.synchronizedList(new ArrayList<>());
    long committed;
    long read;
    try (LocalKafka kafka = LocalKafka.builder().build().start()) {
      kafka.createTopic(OnceflowTopics.ORDER_EVENTS, 4, Map.of());
      kafka.createTopic(OnceflowTopics.INBOX_JOURNAL, 1, Map.of());
      kafka.createTopic(OnceflowTopics.DEAD_LETTERS, 1, Map.of());
      ServiceProcess dashboard =
          ServiceProcess.builder("dashboard")
              .jar(options.dashboardJar)
              .jvmOptions(options.dashboardJvm)
              .environment("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())
              .environment("ONCEFLOW_DASHBOARD_ORDER_SERVICE_URL", UNREACHABLE)
              .environment("ONCEFLOW_DASHBOARD_RELAY_URL", UNREACHABLE)
              .environment("ONCEFLOW_DASHBOARD_INBOX_CONSUMER_URL", UNREACHABLE)
              .environment("ONCEFLOW_DASHBOARD_ADMIN_USERNAME", "admin")
              .environment("ONCEFLOW_DASHBOARD_ADMIN_PASSWORD", "benchmark-" + System.nanoTime())
              .logFile(Path.of("target", "benchmark-logs", "dashboard.log"))
              .build();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      try (dashboard) {
        dashboard.start().awaitReady(STARTUP);
        awaitAssignment(kafka, dashboard);
        for (int i = 0; i < CLIENTS; i++) {
          clients.add(new SnapshotClient("sse-" + i, http, dashboard.uri("/api/stream")));
        }
        try (DashboardFeed feed = new DashboardFeed(kafka.bootstrapServers())) {
          feed.start(options.warmUpRate);
          log("warm-up: %,d events/s for %d s", options.warmUpRate, options.warmUpSeconds);
          pause(Duration.ofSeconds(options.warmUpSeconds));
          Thread searcher = searcher(http, dashboard, feed, searches);
          try {
            for (int rate : options.rates) {
              feed.rate(rate);
              pause(SETTLE);
              steps.add(step(dashboard, feed, rate));
            }
            feed.rate(0);
            pause(SETTLE); // the last step's events reach a snapshot
          } finally {
            searcher.interrupt();
            searcher.join(5_000);
          }
          committed = feed.committed();
          List<SnapshotClient.Received> last = clients.get(0).received();
          read = last.isEmpty() ? -1 : last.get(last.size() - 1).eventsRead();
          log(
              "fed %,d events in %,d transactions (%d dead-lettered); the dashboard read %,d",
              committed, feed.transactions(), feed.deadLettered(), read);
          List<List<SnapshotClient.Received>> received = new ArrayList<>();
          for (SnapshotClient client : clients) {
            received.add(client.received());
          }
          List<Result> results = new ArrayList<>();
          for (Step step : steps) {
            results.add(analyse(step, feed, received, searches));
          }
          results.forEach(result -> log("%s", result));
          machine.put("load_average_at_end", MachineFacts.loadAverage());
          report(machine, measuredAt, results, committed, read);
        }
      } finally {
        clients.forEach(SnapshotClient::close);
      }
    }
  }

  /** Waits until the dashboard's consumer owns the event topic's partitions. */
  private static void awaitAssignment(LocalKafka kafka, ServiceProcess dashboard) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    try (Admin admin = kafka.admin()) {
      while (System.nanoTime() < deadline) {
        ConsumerGroupDescription group;
        try {
          group =
              admin
                  .describeConsumerGroups(List.of("onceflow-dashboard"))
                  .all()
                  .get(10, TimeUnit.SECONDS)
                  .get("onceflow-dashboard");
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof GroupIdNotFoundException)) {
            throw e;
          }
          pause(Duration.ofMillis(200)); // not joined yet
          continue;
        }
        boolean assigned =
            group.members().stream()
                .flatMap(m -> m.assignment().topicPartitions().stream())
                .anyMatch(tp -> tp.topic().equals(OnceflowTopics.ORDER_EVENTS));
        if (assigned) {
          return;
        }
        pause(Duration.ofMillis(200));
      }
    }
    throw new IllegalStateException(
        "the dashboard's consumer got no partition within a minute:\n" + dashboard.logTail(40));
  }

  /** Searches the journeys of a recent order every 100 ms, as a person would search an id. */
  private static Thread searcher(
      HttpClient http, ServiceProcess dashboard, DashboardFeed feed, List<Search> searches) {
    Thread thread =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                DashboardFeed.Committed order = feed.recentOrder(SEARCH_AGE);
                if (order != null) {
                  URI uri =
                      dashboard.uri(
                          "/api/journeys?q="
                              + URLEncoder.encode(order.orderId(), StandardCharsets.UTF_8));
                  long start = System.nanoTime();
                  try {
                    HttpResponse<String> response =
                        http.send(
                            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long end = System.nanoTime();
                    boolean hit =
                        response.statusCode() == 200 && response.body().contains(order.orderId());
                    searches.add(new Search(start, (end - start) / 1e6, hit));
                  } catch (IOException e) {
                    searches.add(new Search(start, Double.POSITIVE_INFINITY, false));
                  } catch (InterruptedException e) {
                    return;
                  }
                }
                LockSupport.parkNanos(SEARCH_EVERY.toNanos());
              }
            },
            "journey-search");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** One rate for {@code --step-seconds}: CPU and memory of the dashboard sampled each second. */
  private Step step(ServiceProcess dashboard, DashboardFeed feed, int rate) {
    long pid = dashboard.pid();
    long eventsBefore = feed.committed();
    long[] machineBefore = machineTicks();
    long cpuBefore = cpuTicks(pid);
    long start = System.nanoTime();
    double rss = 0;
    for (int second = 0; second < options.stepSeconds; second++) {
      pause(Duration.ofSeconds(1));
      rss = Math.max(rss, ResidentMemory.mib(pid));
    }
    long end = System.nanoTime();
    long cpuAfter = cpuTicks(pid);
    long[] machineAfter = machineTicks();
    double seconds = (end - start) / 1e9;
    double cpuPct = (cpuAfter - cpuBefore) / (double) CLOCK_TICKS / seconds * 100;
    long busy = machineAfter[0] - machineBefore[0];
    long total = machineAfter[1] - machineBefore[1];
    double machineBusyPct = total == 0 ? Double.NaN : 100.0 * busy / total;
    double achieved = (feed.committed() - eventsBefore) / seconds;
    if (!dashboard.isAlive()) {
      throw new IllegalStateException("the dashboard died:\n" + dashboard.logTail(40));
    }
    Step step =
        new Step(
            rate,
            start,
            end,
            eventsBefore,
            feed.committed(),
            achieved,
            cpuPct,
            rss,
            machineBusyPct);
    log(
        "%,d events/s: achieved %,.0f/s, dashboard CPU %.1f %% of a core, RSS %.0f MiB, machine"
            + " busy %.0f %%",
        rate, achieved, cpuPct, rss, machineBusyPct);
    return step;
  }

  private static Result analyse(
      Step step,
      DashboardFeed feed,
      List<List<SnapshotClient.Received>> clients,
      List<Search> searches) {
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
    synchronized (searches) {
      for (Search search : searches) {
        if (search.startNanos() >= step.start() && search.startNanos() <= step.end()) {
          searchMs.add(search.millis());
          hits += search.hit() ? 1 : 0;
        }
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

  private void report(
      Map<String, Object> machine,
      String measuredAt,
      List<Result> results,
      long committed,
      long read) {
    String command =
        "mvn -q -pl benchmarks,dashboard -am -DskipTests package && java -jar"
            + " benchmarks/target/benchmarks.jar dashboard --rates "
            + String.join(",", options.rates.stream().map(String::valueOf).toList())
            + " --step-seconds "
            + options.stepSeconds;
    Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
    for (Result result : results) {
      int rate = result.step().rate();
      String at = "_at_" + rate;
      boolean goal = rate == GOAL_RATE;
      String where = " at " + count(rate) + " events/s";
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
              "same, 99th percentile of the worse of the " + CLIENTS + " clients",
              goal ? "<= " + count((long) INTERVAL_GOAL_MS) : null,
              goal ? result.worstClient().p99() <= INTERVAL_GOAL_MS : null));
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
              goal ? "<= " + count((long) FRESHNESS_GOAL_MS) : null,
              goal ? result.freshness().p99() <= FRESHNESS_GOAL_MS && result.unseen() == 0 : null));
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
            + options.dashboardJar
            + ", JVM "
            + String.join(" ", options.dashboardJvm)
            + ", default settings (window.journeys 2000, 1 snapshot/s); the services it scrapes"
            + " point at a closed port (they show UNREACHABLE, as when they are down). Warm-up: "
            + count(options.warmUpRate)
            + " events/s for "
            + options.warmUpSeconds
            + " s; each rate then runs "
            + SETTLE.toSeconds()
            + " s before "
            + options.stepSeconds
            + " s measured. The first rate is the baseline, measured in the same run.");
    notes.add(
        "Viewers: "
            + CLIENTS
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
            + count(committed)
            + " events fed; the dashboard's last snapshot counted "
            + count(read)
            + " read.");
    new BenchmarkReport(options.docs)
        .record(
            "dashboard",
            new BenchmarkReport.Run(command, measuredAt, machine, notes).previousMethod(),
            figures);
    figures.forEach((key, figure) -> log("%-44s %10.2f %s", key, figure.value(), figure.unit()));
    log("written: %s/benchmarks.json and benchmarks.md", options.docs);
  }

  /** The kernel's clock ticks per second ({@code getconf CLK_TCK}), 100 when unknown. */
  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return getconf.waitFor() == 0 ? Long.parseLong(out.trim()) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  /** utime + stime of every thread of process {@code pid}, in clock ticks. */
  private static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the CPU time of " + pid, e);
    }
  }

  /** The machine's busy and total CPU ticks, from {@code /proc/stat}. */
  private static long[] machineTicks() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < cpu.length && i <= 8; i++) {
        total += Long.parseLong(cpu[i]);
      }
      long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
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

  /** Parks this thread for {@code duration} (the benchmark's pacing; nothing to wait on). */
  private static void pause(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static void log(String format, Object... args) {
    System.out.printf("[dashboard-benchmark] " + format + "%n", args);
  }

  /** One journey search: when it started, how long it took, whether it found the order. */
  private record Search(long startNanos, double millis, boolean hit) {}

  /** Count, mean, median, 99th percentile and maximum of a sample. */
  private record Stats(int count, double mean, double p50, double p99, double max) {}

  /** What one rate measured while it ran; positions are the events it fed, in commit order. */
  private record Step(
      int rate,
      long start,
      long end,
      long firstPosition,
      long lastPosition,
      double achieved,
      double cpuPct,
      double rssMib,
      double machineBusyPct) {}

  /** One rate's figures. */
  private record Result(
      Step step,
      Stats intervals,
      Stats worstClient,
      Stats bytes,
      Stats freshness,
      long unseen,
      Stats journeyFreshness,
      Stats search,
      double searchHitRate) {

    String summary() {
      return String.format(
          Locale.ROOT,
          "%,d: %,.0f; %.0f %%; %.0f/%.0f/%.0f; %.0f/%.0f/%.0f%s; %.1f/%.1f, %.0f %%",
          step.rate(),
          step.achieved(),
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
          "%,d events/s (achieved %,.0f, machine busy %.0f %%): CPU %.1f %%, RSS %.0f MiB;"
              + " snapshots %d, interval p50 %.0f p99 %.0f max %.0f ms, %.0f bytes; freshness p50"
              + " %.0f p99 %.0f max %.0f ms (%d events, %d never counted); journeys listed %d,"
              + " p99 %.0f ms; search p50 %.1f p99 %.1f max %.1f ms (%d, %.0f %% found)",
          step.rate(),
          step.achieved(),
          step.machineBusyPct(),
          step.cpuPct(),
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

  /** Command-line options. */
  private record Options(
      List<Integer> rates,
      int stepSeconds,
      int warmUpRate,
      int warmUpSeconds,
      Path dashboardJar,
      List<String> dashboardJvm,
      Path docs) {

    static Options parse(String[] args) {
      BenchmarkOptions values = BenchmarkOptions.parse(args);
      Options options =
          new Options(
              values.positives("rates", "10,1000,2000"),
              values.positive("step-seconds", 30),
              values.positive("warm-up-rate", 1_000),
              values.positive("warm-up-seconds", 20),
              values.existingFile(
                  "dashboard-jar",
                  "dashboard/target/quarkus-app/quarkus-run.jar",
                  "mvn -q -pl benchmarks,dashboard -am -DskipTests package"),
              // The heap the Kubernetes manifest's 384Mi limit leaves room for.
              values.words("dashboard-jvm", "-Xmx256m"),
              values.path("docs", "docs"));
      values.rejectUnknown();
      return options;
    }
  }
}
