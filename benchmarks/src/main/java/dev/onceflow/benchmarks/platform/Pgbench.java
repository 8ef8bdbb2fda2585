package dev.onceflow.benchmarks.platform;

import dev.onceflow.benchmarks.BundledFile;
import dev.onceflow.local.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's {@code pgbench} running order-service's placement transaction ({@code
 * order-placement.pgbench}): the write side's ceiling without the service, from a C client that
 * costs little CPU, and the fast way to write a backlog shaped like order-service's traffic.
 */
public final class Pgbench {

  /** The Debian package that ships it. */
  public static final String PACKAGE = "postgresql-client-15";

  private static final String SCRIPT = "benchmarks/order-placement.pgbench";
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial");
  private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
  private static final Pattern DONE =
      Pattern.compile("number of transactions actually processed: ([0-9]+)");
  private static final Pattern FAILED = Pattern.compile("number of failed transactions: ([0-9]+)");

  /**
   * What pgbench reported.
   *
   * @param transactions committed transactions
   * @param tps transactions per second, connection set-up excluded
   * @param latencyAverageMs mean latency of a transaction at the client
   */
  public record Result(long transactions, double tps, double latencyAverageMs) {}

  private final LocalPostgres postgres;
  private final ShardDatabase database;
  private final Path log;

  public Pgbench(LocalPostgres postgres, ShardDatabase database, Path log) {
    this.postgres = postgres;
    this.database = database;
    this.log = log;
  }

  /**
   * Runs the placement transaction with {@code load} (e.g. {@code -c 16 -j 2 -T 20}); with {@code
   * keepRows} the outbox rows stay for a polling relay. Blocks until pgbench exits.
   */
  public Result run(List<String> load, boolean keepRows) {
    try {
      Path script = BundledFile.copy(SCRIPT, ".pgbench");
      List<String> command = new ArrayList<>(List.of(LoadTools.require("pgbench", PACKAGE)));
      command.addAll(
          List.of(
              "--no-vacuum",
              "--protocol=prepared",
              "--define=keep_rows=" + (keepRows ? 1 : 0),
              "--file=" + script,
              "--host=" + LocalPostgres.HOST,
              "--port=" + postgres.port(),
              "--username=" + database.owner()));
      command.addAll(load);
      command.add(database.name());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("PGPASSWORD", database.ownerPassword());
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      long from = Files.exists(log) ? Files.size(log) : 0;
      Process process = builder.start();
      int status = process.waitFor();
      String output = Files.readString(log, StandardCharsets.UTF_8).substring((int) from);
      Files.delete(script);
      if (status != 0 || number(FAILED, output, 0) > 0) {
        throw new IllegalStateException("pgbench failed (exit " + status + "); see " + log);
      }
      return new Result(
          (long) number(DONE, output, -1), number(TPS, output, -1), number(LATENCY, output, -1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private double number(Pattern pattern, String output, double absent) {
    Matcher matcher = pattern.matcher(output);
    if (matcher.find()) {
      return Double.parseDouble(matcher.group(1));
    }
    if (absent < 0) {
      throw new IllegalStateException("pgbench printed no " + pattern + "; see " + log);
    }
    return absent;
  }
}
