package dev.onceflow.benchmarks.replicated;

import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.benchmarks.platform.PackagedRelayOptions;
import dev.onceflow.benchmarks.platform.RelayClusters;
import dev.onceflow.benchmarks.relay.Backlog;
import dev.onceflow.benchmarks.relay.RelayOptions;
import dev.onceflow.benchmarks.relay.RelayUnderTest;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Drain;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Kind;
import dev.onceflow.local.LocalKafkaCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The relay on Kafka replicated as in production: a three-node cluster (each node broker and
 * controller, each its own JVM), every topic with three replicas and {@code min.insync.replicas=2},
 * so each of the relay's {@code acks=all} batches waits for the followers. The exactly-once and
 * at-least-once relays drain order-shaped backlogs in paired rounds, exactly as the relay benchmark
 * drains them ({@link RelayUnderTest}), each from a PostgreSQL cluster of its own ({@link
 * RelayClusters}); in the same rounds the same two relays drain the same backlogs on a
 * single-broker platform of their own, so the cost of replication is a ratio of drains run minutes
 * apart, not of two runs.
 */
public final class ReplicatedRelayBenchmark {

  private final BenchmarkOptions values;
  private final int events;
  private final int rounds;
  private final boolean singleBroker;
  private final RelayOptions relayOptions;

  private ReplicatedRelayBenchmark(String[] args) {
    values = BenchmarkOptions.parse(args);
    events = Backlog.orderShaped("events", values.positive("events", 60_000));
    rounds = values.atLeast("rounds", 6, 2);
    singleBroker = values.oneOf("single-broker", "on", "on", "off").equals("on");
    PackagedRelayOptions packaged = PackagedRelayOptions.read(values);
    relayOptions =
        RelayOptions.orderDrains(packaged.jar(), events, rounds, packaged.jvm(), packaged.docs());
    values.rejectUnknown();
  }

  public static void main(String[] args) throws Exception {
    new ReplicatedRelayBenchmark(args).run();
  }

  private void run() throws Exception {
    BenchmarkRun run = BenchmarkRun.begin();
    Path logs = Path.of("target", "benchmark-logs");
    Map<RelayUnderTest, List<Drain>> warm = new LinkedHashMap<>();
    List<String> cold = new ArrayList<>();
    List<RelayUnderTest> relays = new ArrayList<>();
    try (BenchmarkPlatform replicated =
            BenchmarkPlatform.startReplicated(
                RelayClusters.SERVER_CONFIG, logs.resolve("replicated"));
        BenchmarkPlatform single =
            singleBroker
                ? BenchmarkPlatform.start(RelayClusters.SERVER_CONFIG, logs.resolve("single"))
                : null) {
      // Each relay drains a cluster of its own, as in the relay run (see RelayClusters).
      RelayClusters clusters = new RelayClusters();
      try {
        relays.add(relay(replicated, clusters, Kind.EXACTLY_ONCE, "bench_rep_eos"));
        relays.add(relay(replicated, clusters, Kind.AT_LEAST_ONCE, "bench_rep_alo"));
        if (single != null) {
          relays.add(relay(single, clusters, Kind.EXACTLY_ONCE, "bench_one_eos"));
          relays.add(relay(single, clusters, Kind.AT_LEAST_ONCE, "bench_one_alo"));
        }
        relays.forEach(RelayUnderTest::pause);
        for (RelayUnderTest relay : relays) {
          Drain first = relay.drain(Backlog.ORDERS, events);
          cold.add(String.format(Locale.ROOT, "%s %,.0f", name(relay), first.rate()));
          warm.put(relay, new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
          for (int i = 0; i < relays.size(); i++) {
            // Rotating, so that no relay always drains right after the same other one.
            RelayUnderTest relay = relays.get((round + i) % relays.size());
            warm.get(relay).add(relay.drain(Backlog.ORDERS, events));
          }
          System.out.printf("[relay-replicated] round %d of %d done%n", round + 1, rounds);
        }
        relays.forEach(RelayUnderTest::stop);
      } finally {
        relays.forEach(RelayUnderTest::close);
        clusters.close();
      }
    }
    ReplicatedFigures figures =
        new ReplicatedFigures(
            rounds(warm, relays, 0),
            singleBroker ? rounds(warm, relays, 2) : null,
            String.format(Locale.ROOT, "%,d events, %s", events, Backlog.ORDERS.description()));
    List<String> notes = new ArrayList<>(method(rounds, singleBroker));
    notes.add("Cold drains (each relay JVM's first, not in the rounds; events/s): " + cold + ".");
    notes.addAll(figures.notes());
    run.record(
        relayOptions.docs(),
        "relay-replicated",
        commandLine(),
        setup(singleBroker, relayOptions.relayJvm()),
        notes,
        figures.figures());
  }

  /** The run's setup, in words. */
  static String setup(boolean singleBroker, List<String> relayJvm) {
    return "three Kafka nodes (each broker and controller, each its own JVM, "
        + String.join(" ", BenchmarkPlatform.BROKER_JVM)
        + ")"
        + (singleBroker ? ", a single broker (its own JVM) for the comparison," : "")
        + " and each relay (its own JVM, "
        + String.join(" ", relayJvm)
        + ") with a PostgreSQL cluster of its own, on the same machine";
  }

  private RelayUnderTest relay(
      BenchmarkPlatform platform, RelayClusters clusters, Kind kind, String name) throws Exception {
    return new RelayUnderTest(platform, clusters.start(), kind, name, relayOptions).start();
  }

  private static ReplicatedFigures.Rounds rounds(
      Map<RelayUnderTest, List<Drain>> warm, List<RelayUnderTest> relays, int first) {
    return new ReplicatedFigures.Rounds(
        warm.get(relays.get(first)), warm.get(relays.get(first + 1)));
  }

  private static String name(RelayUnderTest relay) {
    return relay.name().startsWith("bench_rep")
        ? "three brokers " + relay.kind().label
        : "one broker " + relay.kind().label;
  }

  /** How the run measures, for its notes. */
  static List<String> method(int rounds, boolean singleBroker) {
    return List.of(
        "Kafka: "
            + LocalKafkaCluster.SIZE
            + " KRaft nodes in combined mode (broker and controller in one process: three JVMs instead of six on 2 cores; the controllers' share is counted in each node's CPU); event topics, the relay's offsets topic, __consumer_offsets and __transaction_state with "
            + LocalKafkaCluster.SIZE
            + " replicas and min.insync.replicas="
            + LocalKafkaCluster.MIN_INSYNC_REPLICAS
            + " (internal topics of one partition, as the single broker has them); the relays produce with acks=all (their default), so every batch waits for the in-sync followers.",
        "Drains as the relay benchmark's (RelayUnderTest): each relay waits paused (SIGSTOP) while pgbench commits an order-shaped backlog to its own database, in a PostgreSQL cluster of its own (a walsender reads past the WAL of every database in its cluster: in a shared one each relay's drain would also read the backlogs the others were given while it was paused), VACUUM ANALYZE and CHECKPOINT, then the time runs from SIGCONT to the broker's append time (LogAppendTime) of the last event. "
            + rounds
            + " rounds after one cold drain per relay; in each round every relay drains once, the order rotating"
            + (singleBroker
                ? "; the single-broker relays (their own broker) drain in the same rounds, idle while the others drain"
                : "")
            + ". Ratios are taken within a round; exactly-once / at-least-once is a mean with a 95 % t interval, the rest medians with distribution-free intervals.",
        "CPU: utime + stime from /proc over each drain for the relay, its PostgreSQL cluster (backends, walsender, background, exited) and each broker (kafka broker 1..3). Relays at their shipped defaults, except kafka.transaction.timeout.ms, Debezium's lsn.flush.timeout.ms and onceflow.relay.lock-session-timeout at 10 min for the pauses. "
            + RelayClusters.SERVER_CONFIG_NOTE);
  }

  private String commandLine() {
    return "relay-replicated --events "
        + events
        + " --rounds "
        + rounds
        + " --single-broker "
        + (singleBroker ? "on" : "off");
  }
}
