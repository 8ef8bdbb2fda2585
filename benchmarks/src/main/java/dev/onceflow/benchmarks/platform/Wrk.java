package dev.onceflow.benchmarks.platform;

import dev.onceflow.benchmarks.BundledFile;
import dev.onceflow.contract.security.ServiceToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wrk} placing orders through order-service's REST API ({@code place-order.lua}): a closed
 * loop of {@code connections} requests in flight, latency measured at the client. A C client on its
 * own, so its CPU per request is small and measured apart from the service's.
 */
public final class Wrk {

  /** The Debian package that ships it. */
  public static final String PACKAGE = "wrk";

  private static final String SCRIPT = "benchmarks/place-order.lua";
  private static final Pattern RESULT =
      Pattern.compile(
          "wrk-result requests=(\\d+) duration_us=(\\d+) not_created=(\\d+) socket_errors=(\\d+)"
              + " p50_us=(\\d+) p99_us=(\\d+) max_us=(\\d+)");

  /**
   * What wrk measured.
   *
   * @param requests requests completed
   * @param seconds how long it ran
   * @param failed responses other than 201 Created, and socket errors
   */
  public record Result(
      long requests, double seconds, long failed, double p50Ms, double p99Ms, double maxMs) {

    /** Orders placed per second. */
    public double ordersPerSecond() {
      return (requests - failed) / seconds;
    }
  }

  private final URI service;
  private final Path log;

  /** {@code wrk} against the service at {@code service} (its root), logging to {@code log}. */
  public Wrk(URI service, Path log) {
    this.service = service;
    this.log = log;
  }

  /** Runs {@code connections} in flight on 2 threads for {@code duration}; blocks until done. */
  public Result run(String keyPrefix, int connections, Duration duration) {
    try {
      Path script = BundledFile.copy(SCRIPT, ".lua");
      ProcessBuilder builder =
          new ProcessBuilder(
                  LoadTools.require("wrk", PACKAGE),
                  "--threads=2",
                  "--connections=" + connections,
                  "--duration=" + duration.toSeconds() + "s",
                  "--timeout=10s",
                  "--script=" + script,
                  service.toString(),
                  "--",
                  keyPrefix)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      // The script presents the token from its environment: an argument would show in ps.
      builder.environment().put(ServiceToken.ENVIRONMENT_VARIABLE, BenchmarkPlatform.SERVICE_TOKEN);
      long from = Files.exists(log) ? Files.size(log) : 0;
      int status = builder.start().waitFor();
      String output = Files.readString(log, StandardCharsets.UTF_8).substring((int) from);
      Files.delete(script);
      Matcher result = RESULT.matcher(output);
      if (status != 0 || !result.find()) {
        throw new IllegalStateException("wrk failed (exit " + status + "); see " + log);
      }
      List<Long> values =
          java.util.stream.IntStream.rangeClosed(1, 7)
              .mapToObj(i -> Long.parseLong(result.group(i)))
              .toList();
      return new Result(
          values.get(0),
          values.get(1) / 1e6,
          values.get(2) + values.get(3),
          values.get(4) / 1e3,
          values.get(5) / 1e3,
          values.get(6) / 1e3);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
