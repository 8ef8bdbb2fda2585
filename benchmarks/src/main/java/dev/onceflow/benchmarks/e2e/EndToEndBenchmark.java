package dev.onceflow.benchmarks.e2e;

import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.MachineFacts;
import dev.onceflow.benchmarks.ResidentMemory;
import dev.onceflow.benchmarks.cost.CpuMeter;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.benchmarks.platform.RelayReadiness;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.PlatformTopology;
import dev.onceflow.local.ServiceProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  static final int MAX_IN_FLIGHT = 512;
  static final int[] FIXED_RATES = {500, 1_000, 2_000};

  /** The services, databases and roles measured: the platform's own. */
  static final PlatformTopology TOPOLOGY = PlatformTopology.ONCEFLOW;

  static final String ORDER_SERVICE = "order-service";
  static final String RELAY = "outbox-relay";
  static final String CONSUMER = "inbox-consumer";

  private final Options options;

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
        "PostgreSQL, the Kafka broker (its own JVM), order-service, outbox-relay and"
            + " inbox-consumer (their own JVMs) and the load generator (the benchmark's JVM) on the"
            + " same machine");
    String measuredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    log("machine: %s", machine);
    Path logs = Path.of("target", "benchmark-logs");
    Map<Integer, RateStep> steps = new LinkedHashMap<>();
    Map<String, double[]> memory = new LinkedHashMap<>();
    try (BenchmarkPlatform platform = BenchmarkPlatform.start(Map.of(), logs)) {
      LocalPostgres postgres = platform.postgres();
      platform.provision(TOPOLOGY);
      platform.createTopic(OnceflowTopics.ORDER_EVENTS, 4, Map.of());
      platform.createTopic(OnceflowTopics.DEAD_LETTERS, 1, Map.of());
      platform.createTopic(OnceflowTopics.INBOX_JOURNAL, 1, Map.of());

      ServiceProcess orderService =
          platform
              .service(TOPOLOGY, ORDER_SERVICE, options.orderServiceJar)
              .jvmOptions(options.serviceJvm)
              .logFile(logs.resolve("e2e-order-service.log"))
              .build();
      ServiceProcess relay =
          platform
              .service(TOPOLOGY, RELAY, options.relayJar)
              .jvmOptions(options.serviceJvm)
              .logFile(logs.resolve("e2e-outbox-relay.log"))
              .build();
      ServiceProcess consumer =
          platform
              .service(TOPOLOGY, CONSUMER, options.consumerJar)
              .jvmOptions(options.serviceJvm)
              .logFile(logs.resolve("e2e-inbox-consumer.log"))
              .build();
      try (orderService;
          relay;
          consumer;
          OrderTraffic traffic = new OrderTraffic(orderService.uri("/"))) {
        orderService.start().awaitReady(STARTUP);

        relay.start();
        consumer.start();
        relay.awaitWhileAlive(() -> "active".equals(RelayReadiness.role(relay)), STARTUP, "active");
        consumer.awaitReady(STARTUP);
        try (Connection fulfillment = postgres.connect(TOPOLOGY.databaseOf(CONSUMER));
            Connection orders = postgres.connect(TOPOLOGY.databaseOf(ORDER_SERVICE));
            EffectListener effects = EffectListener.start(fulfillment)) {
          List<ServiceProcess> services = List.of(orderService, relay, consumer);
          List<CpuMeter.Participant> participants = new ArrayList<>();
          services.forEach(s -> participants.add(CpuMeter.process(s.name(), s.pid())));
          participants.addAll(platform.cpuParticipants());
          participants.add(
              CpuMeter.process("load generator (benchmark JVM)", ProcessHandle.current().pid()));
          CpuMeter meter = CpuMeter.of(participants);
          RateStep.measure(
              traffic, effects, orders, services, "warm", 500, options.warmUpSeconds, null, meter);
          pause(Duration.ofSeconds(5));
          for (ServiceProcess service : services) {
            memory.put(service.name(), new double[] {ResidentMemory.mib(service.pid()), 0});
          }
          for (int rate : FIXED_RATES) {
            steps.put(
                rate,
                RateStep.measure(
                    traffic,
                    effects,
                    orders,
                    services,
                    "rate" + rate,
                    rate,
                    options.stepSeconds,
                    rate == 1_000 ? memory : null,
                    meter));
          }
          search(traffic, effects, orders, services, steps, meter);
        }
      }
    }
    machine.put("load_average_at_end", MachineFacts.loadAverage());
    EndToEndFigures.record(options, machine, measuredAt, command(), steps, memory);
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
      Map<Integer, RateStep> steps,
      CpuMeter meter)
      throws SQLException {
    int budget = options.searchSteps;
    while (budget > 0) {
      int best = maxSustained(steps);
      Integer lowestFailed =
          steps.values().stream()
              .filter(s -> !s.sustained() && s.rate() > best)
              .map(RateStep::rate)
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
          RateStep.measure(
              traffic,
              effects,
              orders,
              services,
              "rate" + next,
              next,
              options.stepSeconds,
              null,
              meter));
      budget--;
    }
  }

  static int maxSustained(Map<Integer, RateStep> steps) {
    return steps.values().stream()
        .filter(RateStep::sustained)
        .mapToInt(RateStep::rate)
        .max()
        .orElse(0);
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

  /** Parks this thread for {@code duration} (the benchmark's pacing; nothing to wait on). */
  static void pause(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  static void log(String format, Object... args) {
    System.out.printf("[e2e-benchmark] " + format + "%n", args);
  }

  /** Command-line options. */
  record Options(
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
              values.existingFile("order-service-jar", jar(ORDER_SERVICE), build),
              values.existingFile("relay-jar", jar(RELAY), build),
              values.existingFile("consumer-jar", jar(CONSUMER), build),
              values.path("docs", "docs"),
              values.words("service-jvm", "-Xmx512m"));
      values.rejectUnknown();
      return options;
    }

    private static String jar(String service) {
      return TOPOLOGY.service(service).jar(Path.of("")).toString();
    }
  }
}
