package dev.onceflow.benchmarks;

import dev.onceflow.benchmarks.consumer.ConsumerBenchmark;
import dev.onceflow.benchmarks.consumer.DedupeWindowBenchmark;
import dev.onceflow.benchmarks.dashboard.DashboardAuditBenchmark;
import dev.onceflow.benchmarks.dashboard.DashboardBenchmark;
import dev.onceflow.benchmarks.e2e.EndToEndBenchmark;
import dev.onceflow.benchmarks.outage.OutageBenchmark;
import dev.onceflow.benchmarks.relay.RelayBenchmark;
import dev.onceflow.benchmarks.relay.RelayBuildsBenchmark;
import dev.onceflow.benchmarks.replicated.ReplicatedRelayBenchmark;
import dev.onceflow.benchmarks.takeover.TakeoverBenchmark;
import dev.onceflow.benchmarks.writeside.WriteSideBenchmark;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Entry point of the on-demand benchmarks: {@code java -jar benchmarks/target/benchmarks.jar <name>
 * [options]}. Each benchmark merges its figures into {@code docs/benchmarks.json} and regenerates
 * {@code docs/benchmarks.md}.
 */
public final class Benchmarks {

  private static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar benchmarks/target/benchmarks.jar <benchmark> [--option value ...]"
              + " (or ./onceflow bench, which builds first)",
          "  relay [--shapes orders,bulk] [--order-events N] [--bulk-events N] [--rounds N]"
              + " [--latency-seconds N] [--rate N] [--relay-jvm \"OPTIONS\"]"
              + " [--relay-config KEY=VALUE,...] [--polling on|off] [--poll-interval-ms N]"
              + " [--extra-poll-intervals-ms N,N|none] [--poll-batch-size N] [--floor on|off]"
              + " [--relay-jar PATH]",
          "  relay-builds --before-jar PATH [--after-jar PATH] [--events N] [--rounds N (>= 5)]"
              + " [--relay-jvm \"OPTIONS\"]   two relay builds, paired drains (not in ./onceflow bench)",
          "  relay-replicated [--events N] [--rounds N] [--single-broker on|off]"
              + " [--relay-jvm \"OPTIONS\"] [--relay-jar PATH]",
          "  relay-outage [--rate N] [--outage-seconds N] [--warm-up-seconds N]"
              + " [--after-seconds N] [--relay-jvm \"OPTIONS\"] [--relay-jar PATH]",
          "  takeover [--kills N] [--rate N] [--relay-jvm \"OPTIONS\"]"
              + " [--relay-config KEY=VALUE,...] [--relay-jar PATH]",
          "  write-side [--rounds N] [--seconds N] [--warm-up-seconds N] [--pgbench-clients N]"
              + " [--wrk-connections N] [--service-jvm \"OPTIONS\"] [--order-service-jar PATH]",
          "  consumer [--events N] [--warm-up N] [--partitions N] [--batch-size N (0: the"
              + " service's default)] [--rounds N] [--consumer-jar PATH]",
          "  consumer-window [--window-rows N] [--expired-rows N] [--events N] [--warm-up N]"
              + " [--partitions N] [--rounds N] [--consumer-jar PATH]",
          "  e2e [--rounds N] [--step-seconds N] [--warm-up-seconds N] [--search-steps N]"
              + " [--service-jvm \"OPTIONS\"] [--order-service-jar PATH] [--relay-jar PATH]"
              + " [--consumer-jar PATH]",
          "  dashboard [--rounds N (>= 5)] [--rates N,N,...] [--step-seconds N]"
              + " [--warm-up-rate N] [--warm-up-seconds N] [--dashboard-jvm \"OPTIONS\"]"
              + " [--dashboard-jar PATH]",
          "  dashboard-audit [--rounds N (>= 5)] [--rate N] [--step-seconds N]"
              + " [--warm-up-seconds N] [--dashboard-jvm \"OPTIONS\"] [--dashboard-jar PATH]"
              + "   the live audit's cost: audit on and off side by side",
          "  report    regenerate docs/benchmarks.md from docs/benchmarks.json, measuring nothing",
          "every benchmark takes --docs DIR (default docs); figures go to DIR/benchmarks.json"
              + " and DIR/benchmarks.md");

  private Benchmarks() {}

  /**
   * Whether the command line asks for the usage: {@code help} or {@code --help}/{@code -h} first,
   * or after a benchmark's name ({@code relay --help}), where it would otherwise read as an option
   * missing its value.
   */
  static boolean asksForHelp(String[] args) {
    return Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"))
        || (args.length > 0 && args[0].equals("help"));
  }

  public static void main(String[] args) throws Exception {
    // Before any logger exists: the in-process broker is chatty at INFO.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    if (args.length == 0) {
      System.err.println(USAGE);
      System.exit(2);
    }
    if (asksForHelp(args)) {
      System.out.println(USAGE);
      return;
    }
    String[] options = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "relay" -> RelayBenchmark.main(options);
      case "relay-builds" -> RelayBuildsBenchmark.main(options);
      case "relay-replicated" -> ReplicatedRelayBenchmark.main(options);
      case "relay-outage" -> OutageBenchmark.main(options);
      case "takeover" -> TakeoverBenchmark.main(options);
      case "write-side" -> WriteSideBenchmark.main(options);
      case "consumer" -> ConsumerBenchmark.main(options);
      case "consumer-window" -> DedupeWindowBenchmark.main(options);
      case "e2e" -> EndToEndBenchmark.main(options);
      case "dashboard" -> DashboardBenchmark.main(options);
      case "dashboard-audit" -> DashboardAuditBenchmark.main(options);
      case "report" -> {
        BenchmarkOptions values = BenchmarkOptions.parse(options);
        Path docs = values.path("docs", "docs");
        values.rejectUnknown();
        new BenchmarkReport(docs).rewrite();
      }
      default -> {
        System.err.println("unknown benchmark " + args[0] + "\n" + USAGE);
        System.exit(2);
      }
    }
  }
}
