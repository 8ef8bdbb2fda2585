package dev.onceflow.benchmarks.relay;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.BenchmarkRun;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.benchmarks.platform.RelayClusters;
import dev.onceflow.benchmarks.relay.LatencyProbe.Latency;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Drain;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay's drain rate and CPU per event, exactly-once against its own at-least-once mode and
 * against a polling relay, in paired rounds on one machine; and its latency under a steady load.
 *
 * <ul>
 *   <li><b>Drains</b>: each relay waits paused (SIGSTOP) while a backlog is committed to its own
 *       database, in a PostgreSQL cluster of its own (order-shaped: one event per transaction next
 *       to its order rows; bulk: transactions of 1,000 outbox rows); the database is vacuumed and
 *       checkpointed; the relay is resumed and timed until the broker appended its last event. The
 *       first drain of each relay is its cold start, reported apart; then {@code --rounds} rounds
 *       drain every relay once per shape, in an order that rotates from round to round.
 *   <li><b>Cost</b>: CPU ms of the relay, PostgreSQL (backends, walsender, background, exited) and
 *       the broker over each drain, per event.
 *   <li><b>Decoding floor</b> ({@code --floor}): in each round of the order-shaped backlog, {@link
 *       DecodingFloor} drains the same backlog with {@code pg_recvlogical}: PostgreSQL's logical
 *       decoding alone, under any CDC relay on {@code pgoutput}.
 *   <li><b>Latency</b>: a steady load, {@code created_at} to a {@code read_committed} consumer, for
 *       the CDC relay and the polling baseline at each poll interval.
 * </ul>
 */
public final class RelayBenchmark {

  private final RelayOptions options;

  private RelayBenchmark(RelayOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new RelayBenchmark(RelayOptions.parse(args)).run();
  }

  private void run() throws Exception {
    BenchmarkRun run = BenchmarkRun.begin();
    Latency cdcLatency = null;
    Map<Long, Latency> pollingLatency = new LinkedHashMap<>();
    Map<Kind, Map<Backlog, Drain>> cold = new EnumMap<>(Kind.class);
    Map<Kind, Map<Backlog, List<Drain>>> warm = new EnumMap<>(Kind.class);
    List<Drain> floorDrains = new ArrayList<>();
    try (BenchmarkPlatform platform =
        BenchmarkPlatform.start(RelayClusters.SERVER_CONFIG, Path.of("target", "benchmark-logs"))) {
      if (options.latencySeconds() > 0) {
        // Latency first, before the backlogs leave PostgreSQL checkpointing gigabytes of WAL.
        cdcLatency = latency(platform, Kind.EXACTLY_ONCE, "bench_latency", options);
        for (long interval : options.pollIntervalsMs()) {
          pollingLatency.put(
              interval,
              latency(
                  platform,
                  Kind.POLLING,
                  "bench_poll_latency_" + interval + "ms",
                  options.withPollInterval(interval)));
        }
      }
      List<RelayUnderTest> relays = new ArrayList<>();
      DecodingFloor floor = null;
      // Each relay drains a cluster of its own (see RelayClusters).
      RelayClusters clusters = new RelayClusters();
      try {
        for (Map.Entry<Kind, String> relay : drained().entrySet()) {
          relays.add(
              new RelayUnderTest(
                      platform, clusters.start(), relay.getKey(), relay.getValue(), options)
                  .start());
        }
        relays.forEach(RelayUnderTest::pause);
        if (options.floor() && options.shapes().contains(Backlog.ORDERS)) {
          floor = new DecodingFloor(platform, clusters.start()).start();
        }
        for (RelayUnderTest relay : relays) {
          for (Backlog shape : options.shapes()) {
            cold.computeIfAbsent(relay.kind(), k -> new EnumMap<>(Backlog.class))
                .put(shape, relay.drain(shape, options.events(shape)));
          }
        }
        for (int round = 0; round < options.rounds(); round++) {
          for (Backlog shape : options.shapes()) {
            // The floor takes the place after the last relay's in the rotation.
            int places = relays.size() + (floor == null ? 0 : 1);
            for (int i = 0; i < places; i++) {
              // Rotating, so that no relay always drains right after the same other one.
              int place = (round + i) % places;
              if (place == relays.size()) {
                if (shape == Backlog.ORDERS) {
                  floorDrains.add(floor.drain(options.events(shape)));
                }
                continue;
              }
              RelayUnderTest relay = relays.get(place);
              warm.computeIfAbsent(relay.kind(), k -> new EnumMap<>(Backlog.class))
                  .computeIfAbsent(shape, s -> new ArrayList<>())
                  .add(relay.drain(shape, options.events(shape)));
            }
          }
          RelayUnderTest.log("round %d of %d done", round + 1, options.rounds());
        }
        relays.forEach(RelayUnderTest::stop);
      } finally {
        relays.forEach(RelayUnderTest::close);
        if (floor != null) {
          floor.close();
        }
        clusters.close();
      }
    }
    RelayFigures figures = new RelayFigures(options, cold, warm, cdcLatency, pollingLatency);
    Map<String, BenchmarkReport.Figure> recorded = new LinkedHashMap<>(figures.figures());
    List<String> notes = new ArrayList<>(figures.notes());
    if (!floorDrains.isEmpty()) {
      FloorFigures floor =
          new FloorFigures(
              floorDrains,
              warm.getOrDefault(Kind.POLLING, Map.of()).get(Backlog.ORDERS),
              options.events(Backlog.ORDERS));
      recorded.putAll(floor.figures());
      notes.addAll(floor.notes());
    }
    run.record(
        options.docs(),
        "relay",
        options.commandLine(),
        "each relay and the decoding floor with a PostgreSQL cluster of its own, the Kafka broker"
            + " (its own JVM, "
            + String.join(" ", BenchmarkPlatform.BROKER_JVM)
            + ") and each relay (its own JVM) as separate processes on the same machine",
        notes,
        recorded);
  }

  private static Latency latency(
      BenchmarkPlatform platform, Kind kind, String name, RelayOptions options) throws Exception {
    try (RelayUnderTest relay =
        new RelayUnderTest(platform, platform.postgres(), kind, name, options).start()) {
      Latency latency =
          LatencyProbe.measure(
              platform.postgres(),
              platform.bootstrapServers(),
              relay,
              options.rate(),
              options.latencySeconds());
      relay.stop();
      return latency;
    }
  }

  /** The relays whose drains are measured, by name, in the order they first drain. */
  private Map<Kind, String> drained() {
    Map<Kind, String> relays = new LinkedHashMap<>();
    relays.put(Kind.EXACTLY_ONCE, "bench_eos");
    relays.put(Kind.AT_LEAST_ONCE, "bench_alo");
    if (options.polling()) {
      relays.put(Kind.POLLING, "bench_poll");
    }
    return relays;
  }
}
