package dev.onceflow.benchmarks.platform;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The out-of-process load generators ({@code pgbench}, {@code wrk}): C programs whose own CPU per
 * request is small and measured, instead of a Java client sharing a JVM with the broker.
 */
public final class LoadTools {

  private LoadTools() {}

  /** The path of {@code tool} on {@code PATH}; fails naming the Debian package that installs it. */
  public static String require(String tool, String debianPackage) {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(directory.isEmpty() ? "." : directory, tool);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        tool + " is not installed: sudo apt-get install -y " + debianPackage);
  }
}
