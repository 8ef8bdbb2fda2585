package dev.onceflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the figures were measured on: they only compare with figures from the same machine. */
public final class MachineFacts {

  private MachineFacts() {}

  /** Cores, memory, CPU model, OS, JVM and load at the start of the run. */
  public static Map<String, Object> collect() {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("cores", Runtime.getRuntime().availableProcessors());
    facts.put("memory_gib", memoryGib());
    facts.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    facts.put(
        "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    facts.put("load_average_at_start", loadAverage());
    facts.put(
        "setup",
        "PostgreSQL, Kafka (in the benchmark's JVM) and the relay (its own JVM) on the same"
            + " machine");
    return facts;
  }

  private static Object memoryGib() {
    String total = firstValue(Path.of("/proc/meminfo"), "MemTotal");
    if (total.isEmpty()) {
      return "?";
    }
    long kib = Long.parseLong(total.replace("kB", "").trim());
    return Math.round(kib / 1024.0 / 1024.0 * 10) / 10.0;
  }

  private static String firstValue(Path file, String key) {
    for (String line : read(file).split("\n")) {
      if (line.startsWith(key)) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /** The one-minute load average now: other work on a shared machine shows here. */
  public static String loadAverage() {
    return read(Path.of("/proc/loadavg")).split(" ", 4)[0];
  }

  /** The facts the report shows, in order. */
  static List<String> keys() {
    return List.of(
        "cores",
        "memory_gib",
        "cpu",
        "os",
        "java",
        "load_average_at_start",
        "load_average_at_end",
        "setup");
  }
}
