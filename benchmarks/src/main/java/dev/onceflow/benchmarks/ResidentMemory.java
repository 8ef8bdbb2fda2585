package dev.onceflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident set size, as the kernel counts it ({@code VmRSS}). */
public final class ResidentMemory {

  private ResidentMemory() {}

  /** {@code VmRSS} of process {@code pid} in MiB, or NaN if it cannot be read (not Linux, gone). */
  public static double mib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
