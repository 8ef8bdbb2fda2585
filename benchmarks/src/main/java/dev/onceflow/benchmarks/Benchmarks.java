package dev.onceflow.benchmarks;

import java.util.Arrays;

/**
 * Entry point of the on-demand benchmarks: {@code java -jar benchmarks/target/benchmarks.jar <name>
 * [options]}. Each benchmark merges its figures into {@code docs/benchmarks.json} and regenerates
 * {@code docs/benchmarks.md}.
 */
public final class Benchmarks {

  private static final String USAGE =
      "usage: relay [--events N] [--warm-rounds N] [--latency-seconds N] [--rate N]"
          + " [--relay-jvm \"OPTIONS\"] [--relay-config KEY=VALUE,...] [--relay-jar PATH]"
          + " [--docs DIR]\n"
          + "             [--polling on|off] [--polling-events N] [--poll-interval-ms N]"
          + " [--extra-poll-intervals-ms N,N|none] [--poll-batch-size N]\n"
          + "       consumer [--events N] [--warm-up N] [--partitions N] [--concurrency N]"
          + " [--batch-size N] [--rounds N] [--consumer-jar PATH] [--docs DIR]\n"
          + "       e2e [--step-seconds N] [--write-seconds N] [--warm-up-seconds N]"
          + " [--search-steps N] [--connections N] [--service-jvm \"OPTIONS\"]"
          + " [--only all|write-side] [--statements true]"
          + " [--order-service-jar PATH] [--relay-jar PATH] [--consumer-jar PATH] [--docs DIR]\n"
          + "       dashboard [--rates N,N,...] [--step-seconds N] [--warm-up-rate N]"
          + " [--warm-up-seconds N] [--dashboard-jvm \"OPTIONS\"] [--dashboard-jar PATH] [--docs DIR]";

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    // Before any logger exists: the in-process broker is chatty at INFO.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    if (args.length == 0) {
      System.err.println(USAGE);
      System.exit(2);
    }
    switch (args[0]) {
      case "relay" ->
          dev.onceflow.benchmarks.relay.RelayBenchmark.main(
              Arrays.copyOfRange(args, 1, args.length));
      case "write-side" ->
          dev.onceflow.benchmarks.writeside.WriteSideBenchmark.main(
              Arrays.copyOfRange(args, 1, args.length));
      case "consumer" ->
          dev.onceflow.benchmarks.consumer.ConsumerBenchmark.main(
              Arrays.copyOfRange(args, 1, args.length));
      case "e2e" -> EndToEndBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
      case "dashboard" -> DashboardBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
      default -> {
        System.err.println("unknown benchmark " + args[0] + "\n" + USAGE);
        System.exit(2);
      }
    }
  }
}
