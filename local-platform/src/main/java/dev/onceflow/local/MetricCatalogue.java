package dev.onceflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The checked-in list of the metric names a service exports on {@code /q/metrics}, kept in {@code
 * k8s/base/monitoring/exported-metrics/<service>.txt}: the alert rules and the Grafana dashboard
 * may name only these (deploy-check verifies it), and each service's test compares the list with
 * what the running service really exports.
 *
 * <p>The list holds every sample name starting with {@value #PREFIX} (the Onceflow metrics, exact:
 * one exported but not listed fails too, so the list cannot go stale) plus the process and JVM
 * basics the Grafana dashboard charts ({@link #BASICS}: these must be exported, others are not
 * listed because they vary with the JVM and the garbage collector). Regenerate it from the real
 * output with {@code -D}{@value #REGENERATE}{@code =true}.
 */
public final class MetricCatalogue {

  /** System property that makes {@link #verify} rewrite the list from the real output. */
  public static final String REGENERATE = "onceflow.metrics.regenerate";

  /** Prefix of the metrics Onceflow defines. */
  public static final String PREFIX = "onceflow_";

  /** Standard Micrometer metrics the Grafana dashboard uses for every service. */
  public static final Set<String> BASICS =
      Set.of("process_cpu_usage", "jvm_memory_used_bytes", "jvm_memory_max_bytes");

  private static final String DIRECTORY = "k8s/base/monitoring/exported-metrics";

  private MetricCatalogue() {}

  /**
   * The distinct sample names of a Prometheus text exposition: {@code x_bucket}, {@code x_count}
   * and {@code x_sum} for a histogram, as PromQL names them.
   */
  public static SortedSet<String> sampleNames(String exposition) {
    SortedSet<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < trimmed.length() && trimmed.charAt(end) != '{' && trimmed.charAt(end) != ' ') {
        end++;
      }
      names.add(trimmed.substring(0, end));
    }
    return names;
  }

  /** The names a list holds (comments and blank lines skipped). */
  public static SortedSet<String> listed(Path file) {
    try {
      SortedSet<String> names = new TreeSet<>();
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          names.add(trimmed);
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The checked-in list of {@code service}, found from the current directory upwards. */
  public static Path file(String service) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve(DIRECTORY);
      if (Files.isDirectory(candidate)) {
        return candidate.resolve(service + ".txt");
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(DIRECTORY + " not found above " + Path.of("").toAbsolutePath());
  }

  /**
   * Compares the list of {@code service} with {@code exposition}, the service's real {@code
   * /q/metrics} output, and returns what differs (empty when they agree). With {@value
   * #REGENERATE}{@code =true} it rewrites the list instead and returns nothing.
   */
  public static List<String> verify(String service, String exposition) {
    return verify(file(service), service, exposition);
  }

  static List<String> verify(Path file, String service, String exposition) {
    SortedSet<String> exported = sampleNames(exposition);
    SortedSet<String> expected = new TreeSet<>();
    for (String name : exported) {
      if (name.startsWith(PREFIX) || BASICS.contains(name)) {
        expected.add(name);
      }
    }
    if (Boolean.getBoolean(REGENERATE)) {
      write(service, file, expected);
      return List.of();
    }
    SortedSet<String> listed = Files.exists(file) ? listed(file) : new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (String name : listed) {
      if (!exported.contains(name)) {
        problems.add(name + " is listed in " + file + " but " + service + " does not export it");
      }
    }
    for (String name : expected) {
      if (!listed.contains(name)) {
        problems.add(name + " is exported by " + service + " but not listed in " + file);
      }
    }
    if (!problems.isEmpty()) {
      problems.add(
          "if the change is intended, regenerate the list: mvn -pl "
              + service
              + " -am verify -Dtest=ExportedMetricsTest -Dsurefire.failIfNoSpecifiedTests=false -D"
              + REGENERATE
              + "=true");
    }
    return problems;
  }

  private static void write(String service, Path file, SortedSet<String> names) {
    List<String> lines = new ArrayList<>();
    lines.add("# Metric names " + service + " exports on /q/metrics (PromQL sample names).");
    lines.add(
        "# Generated from the running service by its ExportedMetricsTest, which fails when this");
    lines.add("# list and the real output differ; regenerate with -D" + REGENERATE + "=true.");
    lines.add(
        "# Alert rules and the Grafana dashboard may use only names listed here (deploy-check).");
    lines.addAll(names);
    try {
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
