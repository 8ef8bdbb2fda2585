package dev.onceflow.systemtest;

import dev.onceflow.local.PlatformService;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the packaged services and the outputs are: system properties set by failsafe (see the pom),
 * with defaults that work from the module directory.
 */
final class SystemTestPaths {

  private SystemTestPaths() {}

  /** The run jar of {@code service}'s module: {@code -Donceflow.system-tests.<module>.jar}. */
  static Path serviceJar(PlatformService service) {
    return jar(service.module(), service.jar(Path.of("..")).toString());
  }

  static Path launcherJar() {
    return file(
        "onceflow.system-tests.launcher.jar",
        "../local-platform/target/local-platform-launcher.jar");
  }

  /** The scenarios' data and logs: {@code target/system-tests/<scenario>/}. */
  static Path workDirectory() {
    return Path.of(System.getProperty("onceflow.system-tests.work-dir", "target/system-tests"))
        .toAbsolutePath()
        .normalize();
  }

  /** Where {@code ledger.json} goes: {@code target/}. */
  static Path ledgerDirectory() {
    return Path.of(System.getProperty("onceflow.system-tests.ledger-dir", "target"))
        .toAbsolutePath()
        .normalize();
  }

  /**
   * The load's pace, every kind of request together: {@code
   * -Donceflow.system-tests.requests-per-second} (default 75, about 50 placements a second).
   *
   * <p>Not higher: what the scenario needs is events in flight at every fault, and 75 leaves dozens
   * in every hop. At 150 the load alone saturated two cores (load average 20), a killed service's
   * JVM took 43-65 s to start again instead of 15-28, and the exactly-once run took 706 s instead
   * of 468 with the same faults, every ledger count still 0 and still ~150 duplicates in the
   * at-least-once run.
   */
  static double requestsPerSecond() {
    return Double.parseDouble(
        System.getProperty("onceflow.system-tests.requests-per-second", "75"));
  }

  /**
   * Events the consumer must apply after a fault before the next one: {@code
   * -Donceflow.system-tests.progress-between-faults} (default 150).
   */
  static long progressBetweenFaults() {
    return Long.parseLong(
        System.getProperty("onceflow.system-tests.progress-between-faults", "150"));
  }

  private static Path jar(String module, String fallback) {
    return file("onceflow.system-tests." + module + ".jar", fallback);
  }

  private static Path file(String property, String fallback) {
    Path path = Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          path
              + " is missing: package the services first, e.g. mvn -pl system-tests -am verify"
              + " (or mvn -pl system-tests -am -DskipTests install, then mvn -pl system-tests"
              + " verify)");
    }
    return path;
  }
}
