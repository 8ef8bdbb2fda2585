package dev.onceflow.benchmarks.cost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time, from the first line of {@code /proc/stat}: how busy all cores were
 * over an interval, whoever used them (on a shared machine, the context of every other figure).
 */
public final class MachineCpu {

  private MachineCpu() {}

  /**
   * Busy and total ticks at one instant (both 0 where {@code /proc/stat} cannot be read).
   *
   * @param busy ticks of user, nice, system, irq and softirq time
   * @param total the same plus idle and iowait
   */
  public record Reading(long busy, long total) {

    /** Percent of all cores busy since {@code before}; NaN when unknown. */
    public double busyPercentSince(Reading before) {
      long ticks = total - before.total;
      return ticks == 0 ? Double.NaN : 100.0 * (busy - before.busy) / ticks;
    }
  }

  /** The counters now. */
  public static Reading read() {
    try {
      return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
    } catch (IOException | RuntimeException e) {
      return new Reading(0, 0);
    }
  }

  /** Parses {@code cpu user nice system idle iowait irq softirq steal ...}. */
  static Reading parse(String line) {
    String[] cpu = line.trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < cpu.length && i <= 8; i++) {
      total += Long.parseLong(cpu[i]);
    }
    long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
    return new Reading(total - idle, total);
  }
}
