package dev.onceflow.benchmarks.e2e;

import dev.onceflow.benchmarks.ResidentMemory;
import dev.onceflow.benchmarks.cost.CpuCost;
import dev.onceflow.benchmarks.cost.CpuMeter;
import dev.onceflow.local.ServiceProcess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One rate's outcome: orders placed at a steady rate, and each one's latency to its effect. */
record RateStep(
    String name,
    int rate,
    double achieved,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double maxMs,
    int samples,
    long missing,
    long failed,
    long skipped,
    List<Long> lag,
    boolean sustained,
    long orders,
    CpuCost cpu) {

  String summary() {
    return String.format(
        Locale.ROOT,
        "%,d: %,.0f, %.0f/%.0f/%.0f/%.0f ms, lag %s%s",
        rate,
        achieved,
        p50Ms,
        p95Ms,
        p99Ms,
        maxMs,
        lag,
        sustained ? "" : " (not sustained)");
  }

  /** Like {@link #summary()}, without the lag samples. */
  String brief() {
    return String.format(
        Locale.ROOT,
        "%,.0f, %.0f/%.0f/%.0f/%.0f ms%s",
        achieved,
        p50Ms,
        p95Ms,
        p99Ms,
        maxMs,
        sustained ? "" : " (not sustained)");
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s, %,d orders/s: achieved %,.0f/s, p50 %.1f p95 %.1f p99 %.1f max %.1f ms (%,d"
            + " orders, %d without effect, %d failed, %d skipped), lag %s -> %s",
        name,
        rate,
        achieved,
        p50Ms,
        p95Ms,
        p99Ms,
        maxMs,
        samples,
        missing,
        failed,
        skipped,
        lag,
        sustained ? "sustained" : "NOT sustained");
  }

  /**
   * Places orders at {@code rate} for {@code seconds}, samples the lag (orders acknowledged but
   * without effect yet) every second, waits until every effect arrived, and measures each order's
   * latency. With {@code peakMemory}, also keeps each service's highest resident memory (MiB) in
   * it, by service name.
   */
  static RateStep measure(
      OrderTraffic traffic,
      EffectListener effects,
      Connection orders,
      List<ServiceProcess> services,
      String name,
      int rate,
      int seconds,
      Map<String, Double> peakMemory,
      CpuMeter meter)
      throws SQLException {
    String prefix = "e2e-" + name;
    // CPU from the first request to the last effect: each process's cost of these orders.
    CpuMeter.Reading cpuBefore = meter.read();
    long acknowledgedBefore = traffic.acknowledged();
    long failedBefore = traffic.failed();
    long effectsBefore = effects.count();
    OrderTraffic.Paced load = traffic.paced(prefix, rate, EndToEndBenchmark.MAX_IN_FLIGHT);
    List<Long> lag = new ArrayList<>();
    for (int second = 0; second < seconds; second++) {
      EndToEndBenchmark.pause(Duration.ofSeconds(1));
      lag.add((traffic.acknowledged() - acknowledgedBefore) - (effects.count() - effectsBefore));
      if (peakMemory != null) {
        for (ServiceProcess service : services) {
          peakMemory.merge(service.name(), ResidentMemory.mib(service.pid()), Math::max);
        }
      }
    }
    double sentSeconds = load.stop();
    long acknowledged = traffic.acknowledged() - acknowledgedBefore;
    long failed = traffic.failed() - failedBefore;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (effects.count() - effectsBefore < acknowledged && System.nanoTime() < deadline) {
      EndToEndBenchmark.pause(Duration.ofMillis(100));
    }
    CpuCost cpu = meter.since(cpuBefore);

    List<Double> latencies = new ArrayList<>();
    long missing = 0;
    try (PreparedStatement query =
        orders.prepareStatement(
            "SELECT id::text, created_at FROM orders WHERE customer_id LIKE ?")) {
      query.setString(1, prefix + "-%");
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          Instant created = rows.getObject(2, OffsetDateTime.class).toInstant();
          Long effect = effects.effectMicros(rows.getString(1));
          if (effect == null) {
            missing++;
            continue;
          }
          long createdMicros = created.getEpochSecond() * 1_000_000L + created.getNano() / 1_000;
          latencies.add((effect - createdMicros) / 1000.0);
        }
      }
    }
    Collections.sort(latencies);
    double achieved = acknowledged / sentSeconds;
    long growth =
        lag.size() < 4
            ? 0
            : Collections.max(lag.subList(lag.size() - 2, lag.size())) - lag.get(lag.size() / 2);
    boolean sustained =
        achieved >= 0.95 * rate && failed == 0 && missing == 0 && growth <= 0.25 * rate;
    RateStep step =
        new RateStep(
            name,
            rate,
            achieved,
            percentile(latencies, 0.50),
            percentile(latencies, 0.95),
            percentile(latencies, 0.99),
            latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1),
            latencies.size(),
            missing,
            failed,
            load.skipped(),
            lag,
            sustained,
            acknowledged,
            cpu);
    EndToEndBenchmark.log("%s; CPU ms %s", step, cpu.millis());
    return step;
  }

  private static double percentile(List<Double> sorted, double quantile) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
