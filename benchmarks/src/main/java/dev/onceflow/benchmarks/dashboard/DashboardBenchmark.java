package dev.onceflow.benchmarks.dashboard;

import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.MachineFacts;
import dev.onceflow.benchmarks.ResidentMemory;
import dev.onceflow.benchmarks.cost.MachineCpu;
import dev.onceflow.benchmarks.cost.ProcessCpu;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.ServiceEnvironment;
import dev.onceflow.local.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  static final Duration SETTLE = Duration.ofSeconds(5);
  static final Duration SEARCH_EVERY = Duration.ofMillis(100);
  static final Duration SEARCH_AGE = Duration.ofMillis(250);
  static final int CLIENTS = 2;

  // The "stays responsive at 1,000 events/s": one snapshot about every second, and an
  // event on screen within a couple of seconds.
  static final int GOAL_RATE = 1_000;
  static final double INTERVAL_GOAL_MS = 1_250;
  static final double FRESHNESS_GOAL_MS = 2_000;
  private static final ProcessCpu CPU = new ProcessCpu();

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
        "The Kafka broker (its own JVM), the load generator (the benchmark's JVM) and the"
            + " dashboard (its own JVM) on the same machine; PostgreSQL idle");
    String measuredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    log("machine: %s", machine);
    List<Step> steps = new ArrayList<>();
    List<SnapshotClient> clients = new ArrayList<>();
    List<Search> searches = Collections.synchronizedList(new ArrayList<>());
    long committed;
    long read;
    try (BenchmarkPlatform kafka =
        BenchmarkPlatform.start(Map.of(), Path.of("target", "benchmark-logs"))) {
      kafka.createTopic(OnceflowTopics.ORDER_EVENTS, 4, Map.of());
      kafka.createTopic(OnceflowTopics.INBOX_JOURNAL, 1, Map.of());
      kafka.createTopic(OnceflowTopics.DEAD_LETTERS, 1, Map.of());
      ServiceProcess dashboard =
          ServiceProcess.builder("dashboard")
              .jar(options.dashboardJar)
              .jvmOptions(options.dashboardJvm)
              .environment(ServiceEnvironment.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
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
          List<DashboardAnalysis.Result> results = new ArrayList<>();
          for (Step step : steps) {
            results.add(DashboardAnalysis.analyse(step, feed, received, searches));
          }
          results.forEach(result -> log("%s", result));
          machine.put("load_average_at_end", MachineFacts.loadAverage());
          DashboardFigures.record(options, machine, measuredAt, results, committed, read);
        }
      } finally {
        clients.forEach(SnapshotClient::close);
      }
    }
  }

  /** Waits until the dashboard's consumer owns the event topic's partitions. */
  private static void awaitAssignment(BenchmarkPlatform kafka, ServiceProcess dashboard)
      throws Exception {
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
    MachineCpu.Reading machineBefore = MachineCpu.read();
    long cpuBefore = cpuMillis(pid);
    long start = System.nanoTime();
    double rss = 0;
    for (int second = 0; second < options.stepSeconds; second++) {
      pause(Duration.ofSeconds(1));
      rss = Math.max(rss, ResidentMemory.mib(pid));
    }
    long end = System.nanoTime();
    long cpuAfter = cpuMillis(pid);
    MachineCpu.Reading machineAfter = MachineCpu.read();
    double seconds = (end - start) / 1e9;
    double cpuPct = (cpuAfter - cpuBefore) / 1000.0 / seconds * 100;
    double machineBusyPct = machineAfter.busyPercentSince(machineBefore);
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

  /** utime + stime of every thread of process {@code pid}, in ms. */
  private static long cpuMillis(long pid) {
    return CPU.sample(pid)
        .orElseThrow(() -> new IllegalStateException("process " + pid + " is gone"))
        .ownMillis();
  }

  /** Parks this thread for {@code duration} (the benchmark's pacing; nothing to wait on). */
  private static void pause(Duration duration) {
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

  /** One journey search: when it started, how long it took, whether it found the order. */
  record Search(long startNanos, double millis, boolean hit) {}

  /** What one rate measured while it ran; positions are the events it fed, in commit order. */
  record Step(
      int rate,
      long start,
      long end,
      long firstPosition,
      long lastPosition,
      double achieved,
      double cpuPct,
      double rssMib,
      double machineBusyPct) {}

  /** Command-line options. */
  record Options(
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
