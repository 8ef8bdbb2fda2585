package dev.onceflow.benchmarks.dashboard;

import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.local.ServiceProcess;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The dashboard under a steady stream of events, measured as a viewer sees it: the packaged
 * dashboard (its own JVM, production profile) reads a Kafka broker (its own JVM) fed by {@link
 * DashboardFeed} (in this JVM) at a baseline rate, 1,000 and 2,000 events/s, each rate once per
 * round, the order rotating from round to round ({@link DashboardRounds}); two {@link
 * SnapshotClient}s follow its SSE feed and {@link JourneySearches} searches journeys. Per rate, the
 * medians of the rounds: the dashboard's CPU (per second and per event) and resident memory, the
 * interval between snapshots, their size, how long an event takes to show, and the latency of a
 * journey search. The services it scrapes are absent (a closed port), as when they are down: the
 * dashboard must cope.
 */
public final class DashboardBenchmark {

  static final Duration SETTLE = Duration.ofSeconds(5);
  static final int CLIENTS = 2;

  private final Options options;

  private DashboardBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new DashboardBenchmark(Options.parse(args)).run();
  }

  private void run() throws Exception {
    BenchmarkRun run = BenchmarkRun.begin();
    DashboardRounds rounds = new DashboardRounds(options.rates);
    List<DashboardStep> steps = new ArrayList<>();
    List<SnapshotClient> clients = new ArrayList<>();
    try (BenchmarkPlatform kafka =
        BenchmarkPlatform.start(Map.of(), Path.of("target", "benchmark-logs"))) {
      PackagedDashboard.createTopics(kafka);
      ServiceProcess dashboard =
          PackagedDashboard.start(
              kafka,
              "dashboard",
              PackagedDashboard.CONSUMER_GROUP,
              options.dashboardJar,
              options.dashboardJvm,
              Map.of());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      try (dashboard) {
        for (int i = 0; i < CLIENTS; i++) {
          clients.add(new SnapshotClient("sse-" + i, http, dashboard.uri("/api/stream")));
        }
        try (DashboardFeed feed = new DashboardFeed(kafka.bootstrapServers())) {
          feed.start(options.warmUpRate);
          log("warm-up: %,d events/s for %d s", options.warmUpRate, options.warmUpSeconds);
          pause(Duration.ofSeconds(options.warmUpSeconds));
          List<JourneySearches.Search> searches;
          try (JourneySearches searcher = new JourneySearches(http, dashboard, feed)) {
            for (int round = 0; round < options.rounds; round++) {
              for (int rate : rounds.order(round)) {
                feed.rate(rate);
                pause(SETTLE);
                steps.add(DashboardStep.measure(dashboard, feed, round, rate, options.stepSeconds));
              }
              log("round %d of %d done", round + 1, options.rounds);
            }
            feed.rate(0);
            pause(SETTLE); // the last step's events reach a snapshot
            searches = searcher.searches();
          }
          long committed = feed.committed();
          long read = clients.get(0).latestEventsRead();
          log(
              "fed %,d events in %,d transactions (%d dead-lettered); the dashboard read %,d",
              committed, feed.transactions(), feed.deadLettered(), read);
          List<List<SnapshotClient.Received>> received = new ArrayList<>();
          for (SnapshotClient client : clients) {
            received.add(client.received());
          }
          for (DashboardStep step : steps) {
            DashboardAnalysis.Result result =
                DashboardAnalysis.analyse(step, feed, received, searches);
            log("%s", result);
            rounds.add(result);
          }
          DashboardFigures.record(run, options, rounds, committed, read);
        }
      } finally {
        clients.forEach(SnapshotClient::close);
      }
    }
  }

  /** Parks this thread for {@code duration} (the benchmark's pacing; nothing to wait on). */
  static void pause(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static void log(String format, Object... args) {
    System.out.printf("[dashboard-benchmark] " + format + "%n", args);
  }

  /** Command-line options. */
  record Options(
      int rounds,
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
              // Five rounds at least: the median's interval is then the range of the rounds.
              values.atLeast("rounds", 6, 5),
              values.positives("rates", "10,1000,2000"),
              values.positive("step-seconds", 20),
              values.positive("warm-up-rate", 1_000),
              // 20 s left the JIT compiling through the first rounds (CPU 25 % of a core in round
              // 1, 11-14 % from round 3 on, 2026-12-07): two minutes at 1,000 events/s settle it.
              values.positive("warm-up-seconds", 120),
              PackagedDashboard.jar(values),
              PackagedDashboard.jvm(values),
              values.path("docs", "docs"));
      values.rejectUnknown();
      return options;
    }

    /** The arguments that reproduce the run, after {@code ./onceflow bench}. */
    String commandLine() {
      return "dashboard --rounds "
          + rounds
          + " --rates "
          + String.join(",", rates.stream().map(String::valueOf).toList())
          + " --step-seconds "
          + stepSeconds
          + " --warm-up-rate "
          + warmUpRate
          + " --warm-up-seconds "
          + warmUpSeconds;
    }
  }
}
