package dev.onceflow.benchmarks.e2e;

import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.ResidentMemory;
import dev.onceflow.benchmarks.cost.CpuMeter;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.benchmarks.platform.RelayReadiness;
import dev.onceflow.benchmarks.platform.ShardDatabase;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.PlatformTopology;
import dev.onceflow.local.ServiceProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole platform measured from outside, everything co-located on one machine: PostgreSQL, the
 * Kafka broker (its own JVM) and the packaged order-service, outbox-relay (exactly-once) and
 * inbox-consumer (their own JVMs, production profile, shipped defaults); the load generator runs in
 * this JVM.
 *
 * <ul>
 *   <li><b>End to end</b>: orders placed through the REST API at fixed rates (500, 1,000, 2,000
 *       orders/s), each rate once per round, the order rotating from round to round; for each
 *       order, the time from its {@code created_at} (taken in the placing transaction) to the
 *       commit of its shipment by the consumer, observed through a {@code NOTIFY} that PostgreSQL
 *       delivers at that commit; CPU per order of every process. After the rounds, a single search
 *       for the highest rate sustained.
 *   <li><b>Resident memory</b> of each service, idle (before each round) and under load (during
 *       each round's 1,000 orders/s step).
 * </ul>
 */
public final class EndToEndBenchmark {

  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static final Path LOGS = Path.of("target", "benchmark-logs");
  static final int MAX_IN_FLIGHT = 512;
  static final List<Integer> FIXED_RATES = List.of(500, 1_000, 2_000);

  /** The services, databases and roles measured: the platform's own. */
  static final PlatformTopology TOPOLOGY = PlatformTopology.ONCEFLOW;

  static final String ORDER_SERVICE = "order-service";
  static final String RELAY = "outbox-relay";
  static final String CONSUMER = "inbox-consumer";
  static final String LOAD_GENERATOR = "load generator (benchmark JVM)";

  private final Options options;

  private EndToEndBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new EndToEndBenchmark(Options.parse(args)).run();
  }

  private void run() throws Exception {
    BenchmarkRun run = BenchmarkRun.begin();
    RateRounds rounds = new RateRounds(FIXED_RATES);
    Map<Integer, Boolean> held = new TreeMap<>();
    List<RateStep> searched = new ArrayList<>();
    Map<String, List<Double>> idleMemory = new LinkedHashMap<>();
    Map<String, List<Double>> loadMemory = new LinkedHashMap<>();
    try (BenchmarkPlatform platform = BenchmarkPlatform.start(Map.of(), LOGS)) {
      LocalPostgres postgres = platform.postgres();
      platform.provision(TOPOLOGY);
      platform.createTopic(OnceflowTopics.ORDER_EVENTS, 4, Map.of());
      platform.createTopic(OnceflowTopics.DEAD_LETTERS, 1, Map.of());
      platform.createTopic(OnceflowTopics.INBOX_JOURNAL, 1, Map.of());
      try (ServiceProcess orderService = service(platform, ORDER_SERVICE, options.orderServiceJar);
          ServiceProcess relay = service(platform, RELAY, options.relayJar);
          ServiceProcess consumer = service(platform, CONSUMER, options.consumerJar);
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
          // The load generator is this JVM (with the effect listener and the lag sampling).
          participants.add(CpuMeter.process(LOAD_GENERATOR, ProcessHandle.current().pid()));
          CpuMeter meter = CpuMeter.of(participants);
          RateStep.measure(
              traffic, effects, orders, services, "warm", 500, options.warmUpSeconds, null, meter);
          for (int round = 0; round < options.rounds; round++) {
            sameStartingState(postgres);
            for (ServiceProcess service : services) {
              idleMemory
                  .computeIfAbsent(service.name(), s -> new ArrayList<>())
                  .add(ResidentMemory.mib(service.pid()));
            }
            for (int rate : rounds.order(round)) {
              Map<String, Double> peak = rate == 1_000 ? new LinkedHashMap<>() : null;
              rounds.add(
                  RateStep.measure(
                      traffic,
                      effects,
                      orders,
                      services,
                      "r" + round + "-rate" + rate,
                      rate,
                      options.stepSeconds,
                      peak,
                      meter));
              if (peak != null) {
                peak.forEach(
                    (service, mib) ->
                        loadMemory.computeIfAbsent(service, s -> new ArrayList<>()).add(mib));
              }
            }
            log("round %d of %d done", round + 1, options.rounds);
          }
          for (int rate : FIXED_RATES) {
            held.put(rate, rounds.summary(rate).heldInMostRounds());
          }
          sameStartingState(postgres);
          for (int step = 0; step < options.searchSteps; step++) {
            OptionalInt next = RateSearch.next(held);
            if (next.isEmpty()) {
              break;
            }
            RateStep tried =
                RateStep.measure(
                    traffic,
                    effects,
                    orders,
                    services,
                    "search-rate" + next.getAsInt(),
                    next.getAsInt(),
                    options.stepSeconds,
                    null,
                    meter);
            searched.add(tried);
            held.put(tried.rate(), tried.sustained());
          }
        }
      }
    }
    new EndToEndFigures(options, rounds, held, searched, idleMemory, loadMemory).record(run);
  }

  private ServiceProcess service(BenchmarkPlatform platform, String name, Path jar) {
    return platform
        .service(TOPOLOGY, name, jar)
        .jvmOptions(options.serviceJvm)
        .logFile(LOGS.resolve("e2e-" + name + ".log"))
        .build();
  }

  /** VACUUM ANALYZE and CHECKPOINT of each service's database: every round starts alike. */
  private static void sameStartingState(LocalPostgres postgres) {
    for (String database :
        new TreeSet<>(List.of(TOPOLOGY.databaseOf(ORDER_SERVICE), TOPOLOGY.databaseOf(CONSUMER)))) {
      ShardDatabase.vacuumAndCheckpoint(postgres, database);
    }
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
      int rounds,
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
              values.atLeast("rounds", 6, 2),
              values.positive("step-seconds", 15),
              values.atLeast("warm-up-seconds", 60, 0),
              values.atLeast("search-steps", 3, 0),
              values.existingFile("order-service-jar", jar(ORDER_SERVICE), build),
              values.existingFile("relay-jar", jar(RELAY), build),
              values.existingFile("consumer-jar", jar(CONSUMER), build),
              values.path("docs", "docs"),
              values.words("service-jvm", "-Xmx512m"));
      values.rejectUnknown();
      return options;
    }

    String commandLine() {
      return "e2e --rounds "
          + rounds
          + " --step-seconds "
          + stepSeconds
          + " --warm-up-seconds "
          + warmUpSeconds
          + " --search-steps "
          + searchSteps;
    }

    private static String jar(String service) {
      return TOPOLOGY.service(service).jar(Path.of("")).toString();
    }
  }
}
