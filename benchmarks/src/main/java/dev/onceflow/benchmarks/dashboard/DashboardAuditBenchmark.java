package dev.onceflow.benchmarks.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.local.ServiceProcess;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard's live exactly-once audit costs: two packaged dashboards, one with the audit
 * on and one with it off ({@code onceflow.dashboard.audit.enabled}), each its own JVM and consumer
 * group, read the same events from one broker fed by {@link DashboardFeed} at a steady rate, with
 * {@value DashboardBenchmark#CLIENTS} SSE viewers each. Every round measures both over the same
 * seconds ({@link AuditRound}), so each round is a pair that saw the same load and the same
 * machine; the figures are medians of the rounds with their intervals ({@link
 * DashboardAuditFigures}). Afterwards it checks that each dashboard read every event, that the
 * audit-on one audited them with no anomaly, and that the audit-off one answers {@code /api/audit}
 * with 404.
 */
public final class DashboardAuditBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CAUGHT_UP = Duration.ofMinutes(1);

  private final Options options;

  private DashboardAuditBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new DashboardAuditBenchmark(Options.parse(args)).run();
  }

  private void run() throws Exception {
    BenchmarkRun run = BenchmarkRun.begin();
    List<AuditRound> rounds = new ArrayList<>();
    List<SnapshotClient> clients = new ArrayList<>();
    try (BenchmarkPlatform kafka =
        BenchmarkPlatform.start(Map.of(), Path.of("target", "benchmark-logs"))) {
      PackagedDashboard.createTopics(kafka);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      try (ServiceProcess on = dashboard(kafka, true);
          ServiceProcess off = dashboard(kafka, false)) {
        for (ServiceProcess dashboard : List.of(on, off)) {
          for (int i = 0; i < DashboardBenchmark.CLIENTS; i++) {
            clients.add(
                new SnapshotClient(
                    dashboard.name() + "-sse-" + i, http, dashboard.uri("/api/stream")));
          }
        }
        try (DashboardFeed feed = new DashboardFeed(kafka.bootstrapServers())) {
          feed.start(options.rate);
          log("warm-up: %,d events/s for %d s", options.rate, options.warmUpSeconds);
          DashboardBenchmark.pause(Duration.ofSeconds(options.warmUpSeconds));
          for (int round = 0; round < options.rounds; round++) {
            rounds.add(AuditRound.measure(on, off, feed, round, options.stepSeconds));
          }
          feed.rate(0);
          // A transaction in flight when the rate drops still commits; the count waits for it.
          DashboardBenchmark.pause(DashboardBenchmark.SETTLE);
          long committed = feed.committed();
          awaitEveryEventRead(clients, committed);
          String audited = checkAudit(on, off);
          log("fed %,d events; both dashboards read them all; %s", committed, audited);
          DashboardAuditFigures.record(run, options, rounds, committed, audited);
        }
      } finally {
        clients.forEach(SnapshotClient::close);
      }
    }
  }

  private ServiceProcess dashboard(BenchmarkPlatform kafka, boolean audit) throws Exception {
    String name = "dashboard-audit-" + (audit ? "on" : "off");
    return PackagedDashboard.start(
        kafka,
        name,
        "onceflow-" + name,
        options.dashboardJar,
        options.dashboardJvm,
        Map.of("ONCEFLOW_DASHBOARD_AUDIT_ENABLED", Boolean.toString(audit)));
  }

  /** Waits until every viewer's latest snapshot counts all {@code committed} events. */
  private static void awaitEveryEventRead(List<SnapshotClient> clients, long committed) {
    long deadline = System.nanoTime() + CAUGHT_UP.toNanos();
    for (SnapshotClient client : clients) {
      while (client.latestEventsRead() < committed) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              String.format(
                  "a viewer's latest snapshot counts %,d events read of %,d fed",
                  client.latestEventsRead(), committed));
        }
        DashboardBenchmark.pause(Duration.ofMillis(200));
      }
    }
  }

  /**
   * Checks that the audit ran where it was on, found nothing wrong, and did not run where it was
   * off; returns what the audit-on dashboard reported.
   */
  private static String checkAudit(ServiceProcess on, ServiceProcess off) throws Exception {
    HttpResponse<String> none = off.get("/api/audit");
    if (none.statusCode() != 404) {
      throw new IllegalStateException(
          "the audit-off dashboard answered /api/audit with " + none.statusCode() + ", not 404");
    }
    HttpResponse<String> response = on.get("/api/audit");
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "the audit-on dashboard answered /api/audit with " + response.statusCode());
    }
    JsonNode audit = JSON.readTree(response.body());
    long anomalies = audit.path("anomalies").asLong(-1);
    if (anomalies != 0) {
      throw new IllegalStateException("the audit found " + anomalies + " anomalies: " + audit);
    }
    if (audit.path("tracked").isEmpty()) {
      throw new IllegalStateException("the audit tracks no event: " + audit);
    }
    return "audit on: 0 anomalies, tracking "
        + audit.path("tracked")
        + "; audit off: /api/audit answered 404";
  }

  static void log(String format, Object... args) {
    System.out.printf("[dashboard-audit] " + format + "%n", args);
  }

  /** Command-line options. */
  record Options(
      int rounds,
      int rate,
      int stepSeconds,
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
              values.positive("rate", 1_000),
              values.positive("step-seconds", 30),
              // Past the audit's bounds, so that its memory is at its steady state: max-events
              // 80,000 fills in 80 s at 1,000 events/s, max-aggregates 100,000 in 111 s (nine
              // events in ten are a new order), and the heap grows for a while after that (with
              // 120 s, the first round still grew from 359 to 438 MiB; 2026-12-07).
              values.positive("warm-up-seconds", 180),
              PackagedDashboard.jar(values),
              PackagedDashboard.jvm(values),
              values.path("docs", "docs"));
      values.rejectUnknown();
      return options;
    }

    /** The arguments that reproduce the run, after {@code ./onceflow bench}. */
    String commandLine() {
      return "dashboard-audit --rounds "
          + rounds
          + " --rate "
          + rate
          + " --step-seconds "
          + stepSeconds
          + " --warm-up-seconds "
          + warmUpSeconds;
    }
  }
}
