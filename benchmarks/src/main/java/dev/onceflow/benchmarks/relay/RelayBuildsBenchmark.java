package dev.onceflow.benchmarks.relay;

import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.benchmarks.platform.RelayClusters;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Drain;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a change to the relay made it cheaper: two packaged builds, each in both delivery modes,
 * drain the same order-shaped backlogs in the same rounds, on one broker, each relay from a
 * PostgreSQL cluster of its own, as {@link RelayBenchmark} drains them (paused while the backlog is
 * written, timed to the broker's append time, CPU of every process).
 *
 * <p>Four relays drain once per round in an order that rotates, so the two builds of a mode drain
 * back to back under the same conditions; a figure is a ratio of such a pair, and the machine's
 * drift between rounds cancels. Each relay's first drain is its cold start and is left out.
 */
public final class RelayBuildsBenchmark {

  private static final List<Kind> MODES = List.of(Kind.EXACTLY_ONCE, Kind.AT_LEAST_ONCE);

  private final RelayBuildsOptions options;

  private RelayBuildsBenchmark(RelayBuildsOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new RelayBuildsBenchmark(RelayBuildsOptions.parse(args)).run();
  }

  private void run() throws Exception {
    BenchmarkRun run = BenchmarkRun.begin();
    Map<Kind, List<Drain>> before = new EnumMap<>(Kind.class);
    Map<Kind, List<Drain>> after = new EnumMap<>(Kind.class);
    try (BenchmarkPlatform platform =
            BenchmarkPlatform.start(
                RelayClusters.SERVER_CONFIG, Path.of("target", "benchmark-logs"));
        RelayClusters clusters = new RelayClusters()) {
      List<RelayUnderTest> relays = new ArrayList<>();
      List<Map<Kind, List<Drain>>> drainsOf = new ArrayList<>();
      try {
        for (Kind mode : MODES) {
          relays.add(relay(platform, clusters, mode, "before", options.beforeJar()));
          drainsOf.add(before);
          relays.add(relay(platform, clusters, mode, "after", options.afterJar()));
          drainsOf.add(after);
        }
        relays.forEach(RelayUnderTest::pause);
        for (RelayUnderTest relay : relays) {
          relay.drain(Backlog.ORDERS, options.events()); // cold: JIT and first connections
        }
        for (int round = 0; round < options.rounds(); round++) {
          for (int i = 0; i < relays.size(); i++) {
            int place = (round + i) % relays.size();
            RelayUnderTest relay = relays.get(place);
            drainsOf
                .get(place)
                .computeIfAbsent(relay.kind(), k -> new ArrayList<>())
                .add(relay.drain(Backlog.ORDERS, options.events()));
          }
          RelayUnderTest.log("round %d of %d done", round + 1, options.rounds());
        }
        relays.forEach(RelayUnderTest::stop);
      } finally {
        relays.forEach(RelayUnderTest::close);
      }
    }
    RelayBuildsFigures figures = new RelayBuildsFigures(before, after);
    List<String> notes = new ArrayList<>();
    notes.add(
        String.format(
            "Builds: before %s, after %s. Each drains %,d order-shaped events (one OrderPlaced per"
                + " transaction next to its order rows) per round in both modes; %d rounds after"
                + " one cold drain each, the four relays' order rotating; relays as in the relay"
                + " benchmark (shipped defaults, only the pause timeouts at 10 min), JVM %s.",
            options.beforeJar(),
            options.afterJar(),
            options.events(),
            options.rounds(),
            String.join(" ", options.relayJvm())));
    notes.addAll(figures.notes());
    run.record(
        options.docs(),
        "relay-builds",
        options.commandLine(),
        "four relays (two builds, each exactly-once and at-least-once; each its own JVM) with a"
            + " PostgreSQL cluster of its own each, and the Kafka broker (its own JVM, "
            + String.join(" ", BenchmarkPlatform.BROKER_JVM)
            + "), as separate processes on the same machine",
        notes,
        figures.figures());
  }

  private RelayUnderTest relay(
      BenchmarkPlatform platform, RelayClusters clusters, Kind mode, String build, Path jar)
      throws Exception {
    String name = "bench_" + build + "_" + (mode == Kind.EXACTLY_ONCE ? "eos" : "alo");
    // Every relay starts before any pauses: a slot's creation waits for open transactions.
    return new RelayUnderTest(platform, clusters.start(), mode, name, options.relay(jar)).start();
  }
}
