package dev.onceflow.systemtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The ledger as a table on the console and in Markdown, and as JSON with stable keys. */
final class LedgerReport {

  private LedgerReport() {}

  /**
   * Prints the table and writes {@code <ledgerDir>/<fileName>.json} and {@code .md}.
   *
   * @return the JSON document's values
   */
  static Map<String, Object> publish(FaultScenario.Result result, String fileName) {
    Map<String, Object> json = json(result);
    String table = table(result);
    System.out.println();
    System.out.println(table);
    result.ledger().findings().forEach(finding -> System.out.println("  finding: " + finding));
    Path directory = SystemTestPaths.ledgerDirectory();
    try {
      Files.createDirectories(directory);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(directory.resolve(fileName + ".json").toFile(), json);
      Files.writeString(directory.resolve(fileName + ".md"), table, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ledger", e);
    }
    return json;
  }

  static Map<String, Object> json(FaultScenario.Result result) {
    Ledger ledger = result.ledger();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", result.plan().name());
    json.put("delivery", result.plan().delivery());
    json.put("faults", result.faults().total());
    Map<String, Integer> byKind = new LinkedHashMap<>();
    result.faults().byKind().forEach((kind, n) -> byKind.put(kind.key(), n));
    json.put("faults_by_kind", byKind);
    boolean exactlyOnce = FaultScenario.EXACTLY_ONCE.equals(result.plan().delivery());
    json.put(
        "violations",
        ledger.violations(exactlyOnce).stream().mapToLong(LedgerRows.Row::count).sum());
    json.put("duplicate_kafka_records", ledger.duplicateKafkaRecords());
    json.putAll(ledger.values());
    json.put("second_relay_role", result.secondRelayRole());
    json.put("self_exits", result.faults().selfExitCounts());
    json.put("requests_sent", result.requestsSent());
    json.put("requests_unknown", result.requests().unknown());
    json.put("requests", result.requests().summary());
    json.put("load_ticks_skipped", result.ticksSkipped());
    json.put("load_requests_per_second", result.plan().requestsPerSecond());
    json.put("load_seconds", round(result.loadSeconds()));
    json.put("wall_seconds", round(result.wallSeconds()));
    json.put("slowest_recovery_seconds", round(result.faults().slowestRecovery()));
    json.put("takeover_bound_seconds", FaultScenario.TAKEOVER_BOUND.toSeconds());
    json.put(
        "relay_takeover_seconds",
        result.faults().takeovers().stream().map(LedgerReport::round).toList());
    json.put("frozen_relay_outcomes", result.faults().outcomes(FaultKind.RELAY_FREEZE));
    json.put(
        "consumer_database_outage_seconds",
        result.faults().outages().stream().map(LedgerReport::round).toList());
    json.put(
        "consumer_database_outage_outcomes",
        result.faults().outcomes(FaultKind.CONSUMER_DATABASE_OUTAGE));
    List<Map<String, Object>> timeline = new ArrayList<>();
    for (FaultLog.Fault fault : result.faults().faults()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("kind", fault.kind().key());
      entry.put("target", fault.target());
      entry.put("at_seconds", round(fault.atSeconds()));
      entry.put("recovery_seconds", round(fault.recoverySeconds()));
      if (!Double.isNaN(fault.takeoverSeconds())) {
        entry.put("takeover_seconds", round(fault.takeoverSeconds()));
      }
      if (!Double.isNaN(fault.outageSeconds())) {
        entry.put("outage_seconds", round(fault.outageSeconds()));
      }
      if (!fault.outcome().isEmpty()) {
        entry.put("outcome", fault.outcome());
      }
      timeline.add(entry);
    }
    json.put("fault_timeline", timeline);
    json.put("findings", ledger.findings());
    return json;
  }

  /** A Markdown table: readable on the console, pasteable into the README. */
  static String table(FaultScenario.Result result) {
    Ledger ledger = result.ledger();
    List<String[]> rows = new ArrayList<>();
    rows.add(row("faults injected", result.faults().total()));
    result.faults().byKind().forEach((kind, n) -> rows.add(row("· " + kind.description(), n)));
    rows.add(
        row(
            "· processes that exited by themselves (restarted)",
            result.faults().selfExits().size()));
    rows.add(row("second relay instance's role", result.secondRelayRole()));
    if (!result.faults().takeovers().isEmpty()) {
      rows.add(
          row(
              "standby takeover after SIGSTOP (bound "
                  + FaultScenario.TAKEOVER_BOUND.toSeconds()
                  + " s)",
              String.join(
                  ", ",
                  result.faults().takeovers().stream()
                      .map(t -> String.format(Locale.ROOT, "%.1f s", t))
                      .toList())));
      rows.add(
          row(
              "frozen relay after SIGCONT",
              String.join(", ", result.faults().outcomes(FaultKind.RELAY_FREEZE))));
    }
    List<FaultLog.Fault> outages =
        result.faults().faults().stream()
            .filter(fault -> fault.kind() == FaultKind.CONSUMER_DATABASE_OUTAGE)
            .toList();
    if (!outages.isEmpty()) {
      rows.add(
          row(
              "consumer database outage: down / recovered end to end",
              String.join(
                  ", ",
                  outages.stream()
                      .map(
                          fault ->
                              String.format(
                                  Locale.ROOT,
                                  "%.1f s / %.1f s",
                                  fault.outageSeconds(),
                                  fault.recoverySeconds()))
                      .toList())));
    }
    rows.add(
        row(
            "requests sent (unknown outcome: timeout/5xx)",
            count(result.requestsSent()) + " (" + count(result.requests().unknown()) + ")"));
    // What happened (totals), then every count that must be zero.
    for (LedgerRows.Row row : ledger.rows()) {
      if (row.rule() == LedgerRows.Rule.TOTAL) {
        rows.add(row(row.label(), row.count()));
      }
    }
    rows.add(row("*every count below must be 0*", ""));
    boolean exactlyOnce = FaultScenario.EXACTLY_ONCE.equals(result.plan().delivery());
    for (LedgerRows.Row row : ledger.rows()) {
      if (row.rule() != LedgerRows.Rule.TOTAL) {
        String label =
            row.rule() == LedgerRows.Rule.ZERO_EXACTLY_ONCE
                ? row.label() + " (0 if exactly-once)"
                : row.label();
        // Bold: a count that breaks the rule of this run's delivery mode.
        rows.add(row(row.violated(exactlyOnce) ? "**" + label + "**" : label, row.count()));
      }
    }
    rows.add(
        row(
            "load / wall time (slowest recovery)",
            String.format(
                Locale.ROOT,
                "%.0f s / %.0f s (%.1f s)",
                result.loadSeconds(),
                result.wallSeconds(),
                result.faults().slowestRecovery())));

    int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
    int valueWidth =
        Math.max(
            result.plan().delivery().length(),
            rows.stream().mapToInt(r -> r[1].length()).max().orElse(5));
    StringBuilder table = new StringBuilder();
    table.append("Ledger: ").append(result.plan().delivery()).append(" relay\n\n");
    table.append(
        String.format(
            "| %-" + width + "s | %" + valueWidth + "s |%n", "", result.plan().delivery()));
    table
        .append("|")
        .append("-".repeat(width + 2))
        .append("|")
        .append("-".repeat(valueWidth + 1))
        .append(":|\n");
    for (String[] row : rows) {
      table.append(String.format("| %-" + width + "s | %" + valueWidth + "s |%n", row[0], row[1]));
    }
    return table.toString();
  }

  private static String[] row(String label, Object value) {
    String text =
        value instanceof Long || value instanceof Integer
            ? String.format(Locale.ROOT, "%,d", ((Number) value).longValue())
            : String.valueOf(value);
    return new String[] {label, text};
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static double round(double value) {
    return Double.isNaN(value) ? -1 : Math.round(value * 10) / 10.0;
  }
}
