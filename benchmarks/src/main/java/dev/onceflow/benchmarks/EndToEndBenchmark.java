package dev.onceflow.benchmarks;

import dev.onceflow.core.contract.OnceflowTopics;
import dev.onceflow.local.LocalKafka;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole platform measured from outside, everything co-located on one machine: PostgreSQL (its
 * own process), Kafka (in this JVM) and the packaged order-service, outbox-relay (exactly-once) and
 * inbox-consumer (their own JVMs, production profile).
 *
 * <ul>
 *   <li><b>End to end</b>: orders placed through the REST API at a steady rate (500, 1,000, 2,000
 *       orders/s, then a search for the highest rate sustained); for each order, the time from its
 *       {@code created_at} (taken in the placing transaction) to the commit of its shipment by the
 *       consumer, observed through a {@code NOTIFY} that PostgreSQL delivers at that commit.
 *   <li><b>Resident memory</b> of each service, idle and under load.
 * </ul>
 */
public final class EndToEndBenchmark {

  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static final int MAX_IN_FLIGHT = 512;
  private static final int[] FIXED_RATES = {500, 1_000, 2_000};

  private final Options options;
  private final String orderServicePassword = password();
  private final String relayPassword = password();
  private final String fulfillmentPassword = password();

  private EndToEndBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new EndToEndBenchmark(Options.parse(args)).run();
  }

  private void run() throws Exception {
    Map<String, Object> machine = MachineFacts.collect();
    machine.put(
        "setup",
        "PostgreSQL (own process), Kafka (in the benchmark's JVM, with the load generator) and"
            + " order-service, outbox-relay, inbox-consumer (their own JVMs) on the same machine");
    String measuredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    log("machine: %s", machine);
    Path logs = Path.of("target", "benchmark-logs");
    Map<Integer, Step> steps = new LinkedHashMap<>();
    Map<String, double[]> memory = new LinkedHashMap<>();
    try (LocalPostgres postgres = LocalPostgres.builder().build().start();
        LocalKafka kafka = LocalKafka.builder().build().start()) {
      postgres.ensureDatabase("orders", "order_service", orderServicePassword);
      postgres.ensureRole("onceflow_relay", relayPassword, true);
      postgres.ensureDatabase("fulfillment", "fulfillment", fulfillmentPassword);
      kafka.createTopic(OnceflowTopics.ORDER_EVENTS, 4, Map.of());
      kafka.createTopic(OnceflowTopics.DEAD_LETTERS, 1, Map.of());
      kafka.createTopic(OnceflowTopics.INBOX_JOURNAL, 1, Map.of());

      ServiceProcess orderService =
          ServiceProcess.builder("order-service")
              .jar(options.orderServiceJar)
              .jvmOptions(options.serviceJvm)
              .environment("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl("orders"))
              .environment("QUARKUS_DATASOURCE_USERNAME", "order_service")
              .environment("QUARKUS_DATASOURCE_PASSWORD", orderServicePassword)
              .logFile(logs.resolve("e2e-order-service.log"))
              .build();
      ServiceProcess relay =
          ServiceProcess.builder("outbox-relay")
              .jar(options.relayJar)
              .jvmOptions(options.serviceJvm)
              .environment("ONCEFLOW_RELAY_DATABASE_HOST", LocalPostgres.HOST)
              .environment("ONCEFLOW_RELAY_DATABASE_PORT", Integer.toString(postgres.port()))
              .environment("ONCEFLOW_RELAY_DATABASE_NAME", "orders")
              .environment("ONCEFLOW_RELAY_DATABASE_USER", "onceflow_relay")
              .environment("ONCEFLOW_RELAY_DATABASE_PASSWORD", relayPassword)
              .environment("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())
              .logFile(logs.resolve("e2e-outbox-relay.log"))
              .build();
      ServiceProcess consumer =
          ServiceProcess.builder("inbox-consumer")
              .jar(options.consumerJar)
              .jvmOptions(options.serviceJvm)
              .environment("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl("fulfillment"))
              .environment("QUARKUS_DATASOURCE_USERNAME", "fulfillment")
              .environment("QUARKUS_DATASOURCE_PASSWORD", fulfillmentPassword)
              .environment("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())
              .logFile(logs.resolve("e2e-inbox-consumer.log"))
              .build();
      try (orderService;
          relay;
          consumer;
          OrderTraffic traffic = new OrderTraffic(orderService.uri("/"))) {
        orderService.start().awaitReady(STARTUP);

        relay.start();
        consumer.start();
        relay.awaitWhileAlive(() -> role(relay).equals("active"), STARTUP, "active");
        consumer.awaitReady(STARTUP);
        try (Connection fulfillment = postgres.connect("fulfillment");
            Connection orders = postgres.connect("orders");
            EffectListener effects = EffectListener.start(fulfillment)) {
          List<ServiceProcess> services = List.of(orderService, relay, consumer);
          step(traffic, effects, orders, services, "warm", 500, options.warmUpSeconds, null);
          pause(Duration.ofSeconds(5));
          for (ServiceProcess service : services) {
            memory.put(service.name(), new double[] {ResidentMemory.mib(service.pid()), 0});
          }
          for (int rate : FIXED_RATES) {
            steps.put(
                rate,
                step(
                    traffic,
                    effects,
                    orders,
                    services,
                    "rate" + rate,
                    rate,
                    options.stepSeconds,
                    rate == 1_000 ? memory : null));
          }
          search(traffic, effects, orders, services, steps);
        }
      }
    }
    machine.put("load_average_at_end", MachineFacts.loadAverage());
    report(machine, measuredAt, steps, memory);
  }

  /**
   * Places orders at {@code rate} for {@code seconds}, samples the lag (orders acknowledged but
   * without effect yet) every second, waits until every effect arrived, and measures each order's
   * latency. With {@code memory}, also keeps each service's highest resident memory.
   */
  private Step step(
      OrderTraffic traffic,
      EffectListener effects,
      Connection orders,
      List<ServiceProcess> services,
      String name,
      int rate,
      int seconds,
      Map<String, double[]> memory)
      throws SQLException {
    String prefix = "e2e-" + name;
    long acknowledgedBefore = traffic.acknowledged();
    long failedBefore = traffic.failed();
    long effectsBefore = effects.count();
    OrderTraffic.Paced load = traffic.paced(prefix, rate, MAX_IN_FLIGHT);
    List<Long> lag = new ArrayList<>();
    for (int second = 0; second < seconds; second++) {
      pause(Duration.ofSeconds(1));
      lag.add((traffic.acknowledged() - acknowledgedBefore) - (effects.count() - effectsBefore));
      if (memory != null) {
        for (ServiceProcess service : services) {
          double[] idleAndLoad = memory.get(service.name());
          idleAndLoad[1] = Math.max(idleAndLoad[1], ResidentMemory.mib(service.pid()));
        }
      }
    }
    double sentSeconds = load.stop();
    long acknowledged = traffic.acknowledged() - acknowledgedBefore;
    long failed = traffic.failed() - failedBefore;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (effects.count() - effectsBefore < acknowledged && System.nanoTime() < deadline) {
      pause(Duration.ofMillis(100));
    }

    List<Double> latencies = new ArrayList<>();
    long missing = 0;
    try (PreparedStatement query =
        orders.prepareStatement(
            "SELECT id::text, created_at FROM orders WHERE customer_id LIKE ?")) {
      query.setString(1, prefix + "-%");
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          Instant created = rows.getObject(2, OffsetDateTime.class).toInstant();
          Long effect = effects.effectMicros(rows.getString(1));
          if (effect == null) {
            missing++;
            continue;
          }
          long createdMicros = created.getEpochSecond() * 1_000_000L + created.getNano() / 1_000;
          latencies.add((effect - createdMicros) / 1000.0);
        }
      }
    }
    Collections.sort(latencies);
    double achieved = acknowledged / sentSeconds;
    long growth =
        lag.size() < 4
            ? 0
            : Collections.max(lag.subList(lag.size() - 2, lag.size())) - lag.get(lag.size() / 2);
    boolean sustained =
        achieved >= 0.95 * rate && failed == 0 && missing == 0 && growth <= 0.25 * rate;
    Step step =
        new Step(
            name,
            rate,
            achieved,
            percentile(latencies, 0.50),
            percentile(latencies, 0.95),
            percentile(latencies, 0.99),
            latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1),
            latencies.size(),
            missing,
            failed,
            load.skipped(),
            lag,
            sustained);
    log("%s", step);
    return step;
  }

  /**
   * The highest rate sustained: above the fixed rates in steps of 1,000 while they hold, then
   * halving the gap between the highest sustained and the lowest failed rate.
   */
  private void search(
      OrderTraffic traffic,
      EffectListener effects,
      Connection orders,
      List<ServiceProcess> services,
      Map<Integer, Step> steps)
      throws SQLException {
    int budget = options.searchSteps;
    while (budget > 0) {
      int best = maxSustained(steps);
      Integer lowestFailed =
          steps.values().stream()
              .filter(s -> !s.sustained() && s.rate() > best)
              .map(Step::rate)
              .min(Integer::compare)
              .orElse(null);
      int next;
      if (lowestFailed == null) {
        next = Math.max(best, 2_000) + 1_000;
      } else if (lowestFailed - best > 100) {
        next = (int) (Math.round((best + lowestFailed) / 2.0 / 50.0) * 50);
      } else {
        return;
      }
      if (steps.containsKey(next)) {
        return;
      }
      steps.put(
          next,
          step(traffic, effects, orders, services, "rate" + next, next, options.stepSeconds, null));
      budget--;
    }
  }

  private static int maxSustained(Map<Integer, Step> steps) {
    return steps.values().stream().filter(Step::sustained).mapToInt(Step::rate).max().orElse(0);
  }

  private void report(
      Map<String, Object> machine,
      String measuredAt,
      Map<Integer, Step> steps,
      Map<String, double[]> memory) {
    String command = command();
    BenchmarkReport report = new BenchmarkReport(options.docs);

    Map<String, BenchmarkReport.Figure> e2e = new LinkedHashMap<>();
    for (int rate : FIXED_RATES) {
      Step step = steps.get(rate);
      String at = "at_" + rate;
      e2e.put(
          "e2e.p50_ms_" + at,
          new BenchmarkReport.Figure(
              step.p50Ms(),
              "ms",
              "order created_at -> shipment committed by the consumer, median, at "
                  + count(rate)
                  + " orders/s (achieved "
                  + count(Math.round(step.achieved()))
                  + ")",
              null,
              null));
      e2e.put(
          "e2e.p95_ms_" + at,
          new BenchmarkReport.Figure(step.p95Ms(), "ms", "same, 95th percentile", null, null));
      boolean goal = rate == 1_000;
      e2e.put(
          "e2e.p99_ms_" + at,
          new BenchmarkReport.Figure(
              step.p99Ms(),
              "ms",
              "same, 99th percentile",
              goal ? "<= 100" : null,
              goal ? step.p99Ms() <= 100 : null));
    }
    int max = maxSustained(steps);
    e2e.put(
        "e2e.max_sustained_orders_per_s",
        new BenchmarkReport.Figure(
            max,
            "orders/s",
            "highest rate tried that held: >= 95 % achieved, no failed request, every effect, lag"
                + " not growing",
            null,
            null));
    List<String> notes = new ArrayList<>();
    notes.add(
        "Latency: from each order's created_at (order-service's clock, in the placing"
            + " transaction, just before its commit) to the arrival at the benchmark of a NOTIFY sent"
            + " by a trigger on the consumer's shipment table, which PostgreSQL delivers when the"
            + " consumer's transaction commits: the whole path REST -> outbox -> WAL -> relay ->"
            + " Kafka transaction -> read_committed consumer -> inbox + effect.");
    notes.add(
        "Each rate runs "
            + options.stepSeconds
            + " s open-loop (1 ms ticker, at most "
            + MAX_IN_FLIGHT
            + " requests in flight; what cannot be sent is skipped, not queued), after a "
            + options.warmUpSeconds
            + " s warm-up at 500 orders/s; the next rate starts once every effect arrived.");
    notes.add(
        "Sustained: at least 95 % of the rate acknowledged (201), no failed request, every order's"
            + " effect seen, and the lag (orders acknowledged without effect yet, sampled every"
            + " second) growing by at most a quarter second's worth of orders in the second half of"
            + " the step.");
    StringBuilder table =
        new StringBuilder("Steps (rate: achieved, p50/p95/p99/max ms, lag per s):");
    steps.values().stream()
        .sorted((a, b) -> Integer.compare(a.rate(), b.rate()))
        .forEach(step -> table.append(' ').append(step.summary()).append(';'));
    notes.add(table.toString());
    notes.add(
        "Services: default relay and consumer settings (exactly-once, batch-size 500, concurrency"
            + " 1), topic of 4 partitions; JVMs "
            + String.join(" ", options.serviceJvm)
            + ". Kafka and the load generator share the benchmark's JVM; every process shares the"
            + " same two cores.");
    report.record(
        "e2e", new BenchmarkReport.Run(command, measuredAt, machine, notes).previousMethod(), e2e);

    Map<String, BenchmarkReport.Figure> rss = new LinkedHashMap<>();
    memory.forEach(
        (service, idleAndLoad) -> {
          String key = service.replace('-', '_');
          rss.put(
              "memory." + key + "_idle_mib",
              new BenchmarkReport.Figure(
                  idleAndLoad[0], "MiB", service + " resident memory (VmRSS), idle", null, null));
          rss.put(
              "memory." + key + "_load_mib",
              new BenchmarkReport.Figure(
                  idleAndLoad[1],
                  "MiB",
                  service + " resident memory, highest during 1,000 orders/s",
                  null,
                  null));
        });
    report.record(
        "memory",
        new BenchmarkReport.Run(
                command,
                measuredAt,
                machine,
                List.of(
                    "VmRSS from /proc/<pid>/status. Idle: after the warm-up, every effect applied,"
                        + " 5 s without requests. Under load: the highest of one sample a second"
                        + " during the 1,000 orders/s step.",
                    "JVM options of every service: "
                        + String.join(" ", options.serviceJvm)
                        + " (heap capped; the rest is metaspace, code cache, threads and direct"
                        + " buffers)."))
            .previousMethod(),
        rss);
    e2e.forEach((key, figure) -> log("%-36s %10.2f %s", key, figure.value(), figure.unit()));
    rss.forEach((key, figure) -> log("%-36s %10.2f %s", key, figure.value(), figure.unit()));
    log("written: %s/benchmarks.json and benchmarks.md", options.docs);
  }

  private String command() {
    return BenchmarkReport.command(
        "e2e --step-seconds "
            + options.stepSeconds
            + " --warm-up-seconds "
            + options.warmUpSeconds
            + " --search-steps "
            + options.searchSteps);
  }

  /** The role in the relay's readiness response. */
  private static String role(ServiceProcess relay) {
    try {
      String body = relay.get(ServiceProcess.QUARKUS_READINESS).body();
      java.util.regex.Matcher matcher =
          java.util.regex.Pattern.compile("\"role\"\\s*:\\s*\"([a-z]+)\"").matcher(body);
      return matcher.find() ? matcher.group(1) : "";
    } catch (IOException e) {
      return "";
    }
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

  private static String password() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static void log(String format, Object... args) {
    System.out.printf("[e2e-benchmark] " + format + "%n", args);
  }

  /** One rate's outcome. */
  private record Step(
      String name,
      int rate,
      double achieved,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double maxMs,
      int samples,
      long missing,
      long failed,
      long skipped,
      List<Long> lag,
      boolean sustained) {

    String summary() {
      return String.format(
          Locale.ROOT,
          "%,d: %,.0f, %.0f/%.0f/%.0f/%.0f ms, lag %s%s",
          rate,
          achieved,
          p50Ms,
          p95Ms,
          p99Ms,
          maxMs,
          lag,
          sustained ? "" : " (not sustained)");
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s, %,d orders/s: achieved %,.0f/s, p50 %.1f p95 %.1f p99 %.1f max %.1f ms (%,d"
              + " orders, %d without effect, %d failed, %d skipped), lag %s -> %s",
          name,
          rate,
          achieved,
          p50Ms,
          p95Ms,
          p99Ms,
          maxMs,
          samples,
          missing,
          failed,
          skipped,
          lag,
          sustained ? "sustained" : "NOT sustained");
    }
  }

  /** Command-line options. */
  private record Options(
      int stepSeconds,
      int warmUpSeconds,
      int searchSteps,
      Path orderServiceJar,
      Path relayJar,
      Path consumerJar,
      Path docs,
      List<String> serviceJvm) {

    static Options parse(String[] args) {
      BenchmarkOptions values = BenchmarkOptions.parse(args);
      String build = "mvn -q -pl order-service,outbox-relay,inbox-consumer -am -DskipTests package";
      Options options =
          new Options(
              values.positive("step-seconds", 20),
              values.atLeast("warm-up-seconds", 30, 0),
              values.atLeast("search-steps", 3, 0),
              values.existingFile(
                  "order-service-jar", "order-service/target/quarkus-app/quarkus-run.jar", build),
              values.existingFile(
                  "relay-jar", "outbox-relay/target/quarkus-app/quarkus-run.jar", build),
              values.existingFile(
                  "consumer-jar", "inbox-consumer/target/quarkus-app/quarkus-run.jar", build),
              values.path("docs", "docs"),
              values.words("service-jvm", "-Xmx512m"));
      values.rejectUnknown();
      return options;
    }
  }
}
