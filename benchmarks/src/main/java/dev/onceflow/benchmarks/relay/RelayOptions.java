package dev.onceflow.benchmarks.relay;

import dev.onceflow.benchmarks.BenchmarkOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay benchmark's command line.
 *
 * @param shapes the backlog shapes drained, the headline ({@link Backlog#ORDERS}) first
 * @param orderEvents backlog of the order-shaped drains (a multiple of 4)
 * @param bulkEvents backlog of the bulk drains
 * @param rounds paired rounds, each draining every relay once per shape
 * @param latencySeconds measured seconds of each latency probe; 0 leaves latency out
 * @param rate events/s of the latency probes
 * @param polling whether the polling baseline runs
 * @param pollIntervalMs the polling baseline's interval when idle, for its drains and headline
 * @param extraPollIntervalsMs further intervals whose latency is measured
 * @param floor whether each round of the order-shaped backlog also drains it with {@code
 *     pg_recvlogical} ({@link DecodingFloor}): PostgreSQL's logical decoding cost alone
 */
public record RelayOptions(
    List<Backlog> shapes,
    int orderEvents,
    int bulkEvents,
    int rounds,
    int latencySeconds,
    int rate,
    Path relayJar,
    Path docs,
    List<String> relayJvm,
    Map<String, String> relayConfig,
    boolean polling,
    long pollIntervalMs,
    List<Long> extraPollIntervalsMs,
    int pollBatchSize,
    boolean floor) {

  /**
   * Options for CDC drains of the order-shaped backlog alone, at the shipped relay configuration:
   * no polling baseline, no latency probe, no decoding floor.
   */
  public static RelayOptions orderDrains(
      Path relayJar, int events, int rounds, List<String> relayJvm, Path docs) {
    return new RelayOptions(
        List.of(Backlog.ORDERS),
        Backlog.orderShaped("events", events),
        events,
        rounds,
        0,
        1,
        relayJar,
        docs,
        relayJvm,
        Map.of(),
        false,
        500,
        List.of(),
        2048,
        false);
  }

  /** The same options, the polling baseline waiting {@code intervalMs} when idle. */
  RelayOptions withPollInterval(long intervalMs) {
    return new RelayOptions(
        shapes,
        orderEvents,
        bulkEvents,
        rounds,
        latencySeconds,
        rate,
        relayJar,
        docs,
        relayJvm,
        relayConfig,
        polling,
        intervalMs,
        extraPollIntervalsMs,
        pollBatchSize,
        floor);
  }

  /** Backlog size of {@code shape}. */
  int events(Backlog shape) {
    return shape == Backlog.ORDERS ? orderEvents : bulkEvents;
  }

  /** The poll intervals whose latency is measured, the headline one first. */
  List<Long> pollIntervalsMs() {
    List<Long> intervals = new ArrayList<>();
    if (polling) {
      intervals.add(pollIntervalMs);
      extraPollIntervalsMs.stream().filter(ms -> !intervals.contains(ms)).forEach(intervals::add);
    }
    return intervals;
  }

  /** The options as a command line that reproduces them. */
  String commandLine() {
    return "relay --shapes "
        + String.join(",", shapes.stream().map(Backlog::label).toList())
        + " --order-events "
        + orderEvents
        + " --bulk-events "
        + bulkEvents
        + " --rounds "
        + rounds
        + " --latency-seconds "
        + latencySeconds
        + " --rate "
        + rate
        + (relayConfig.isEmpty()
            ? ""
            : " --relay-config "
                + String.join(",", relayConfig.entrySet().stream().map(e -> e + "").toList()))
        + (polling
            ? " --poll-interval-ms " + pollIntervalMs + " --poll-batch-size " + pollBatchSize
            : " --polling off")
        + (floor ? "" : " --floor off");
  }

  static RelayOptions parse(String[] args) {
    BenchmarkOptions values = BenchmarkOptions.parse(args);
    RelayOptions options =
        new RelayOptions(
            values.words("shapes", "orders,bulk").stream()
                .flatMap(word -> List.of(word.split(",")).stream())
                .map(Backlog::of)
                .distinct()
                .toList(),
            Backlog.orderShaped("order-events", values.positive("order-events", 100_000)),
            values.positive("bulk-events", 500_000),
            values.atLeast("rounds", 8, 2),
            values.atLeast("latency-seconds", 20, 0),
            values.positive("rate", 1000),
            values.path("relay-jar", "outbox-relay/target/quarkus-app/quarkus-run.jar"),
            values.path("docs", "docs"),
            values.words("relay-jvm", "-Xms512m -Xmx1g"),
            relayConfig(values.text("relay-config", "")),
            values.oneOf("polling", "on", "on", "off").equals("on"),
            values.atLeast("poll-interval-ms", 500, 0),
            values.listOrNone("extra-poll-intervals-ms", "100,10"),
            values.positive("poll-batch-size", 2048),
            values.oneOf("floor", "on", "on", "off").equals("on"));
    values.rejectUnknown();
    return options;
  }

  /** {@code onceflow.relay.<key>=<value>} pairs separated by commas, given to every CDC relay. */
  private static Map<String, String> relayConfig(String text) {
    Map<String, String> config = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals <= 0 || !pair.startsWith("onceflow.relay.")) {
        throw new IllegalArgumentException(
            "--relay-config: onceflow.relay.<key>=<value> pairs separated by commas, was " + pair);
      }
      config.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
    }
    return config;
  }
}
