package dev.onceflow.deploy.monitoring;

import dev.onceflow.deploy.render.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The metric names each service exports, from {@code k8s/base/monitoring/exported-metrics/*.txt}:
 * lists that each service's {@code ExportedMetricsTest} compares with its real {@code /q/metrics}
 * (local-platform's {@code MetricCatalogue}), so a name here is a name the service serves.
 */
public final class ExportedMetrics {

  /** Series Prometheus itself makes, valid in any query. */
  public static final Map<String, String> PROMETHEUS_BUILT_INS =
      Map.of("ALERTS", "the alerts Prometheus evaluates", "up", "one per scrape target");

  private ExportedMetrics() {}

  public static Path directory() {
    return Repository.root().resolve("k8s/base/monitoring/exported-metrics");
  }

  /** Service name → the names it exports. */
  public static Map<String, SortedSet<String>> byService(List<String> services) {
    Map<String, SortedSet<String>> byService = new TreeMap<>();
    for (String service : services) {
      Path file = directory().resolve(service + ".txt");
      try (var lines = Files.lines(file)) {
        byService.put(
            service,
            lines
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(TreeSet::new, TreeSet::add, TreeSet::addAll));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "no list of exported metrics for " + service + " (" + file + ")", e);
      }
    }
    return byService;
  }

  /** Every name any of {@code services} exports, plus Prometheus's built-in series. */
  public static SortedSet<String> all(List<String> services) {
    SortedSet<String> all = new TreeSet<>(PROMETHEUS_BUILT_INS.keySet());
    byService(services).values().forEach(all::addAll);
    return all;
  }
}
