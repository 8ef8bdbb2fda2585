package dev.onceflow.dashboard.stats;

/**
 * Counts per second over a bounded ring of recent seconds (epoch seconds). Counts for seconds older
 * than the ring are dropped, so late or backfilled records never distort current rates. Thread
 * safe.
 */
public final class PerSecondCounter {

  private final long[] seconds;
  private final double[] counts;

  public PerSecondCounter(int capacitySeconds) {
    if (capacitySeconds < 2) {
      throw new IllegalArgumentException("capacity must be at least 2 seconds");
    }
    seconds = new long[capacitySeconds];
    counts = new double[capacitySeconds];
    java.util.Arrays.fill(seconds, Long.MIN_VALUE);
  }

  /** Adds {@code n} to second {@code epochSecond}, relative to the current second {@code now}. */
  public synchronized void add(long epochSecond, long now, double n) {
    if (epochSecond > now || epochSecond <= now - seconds.length) {
      return;
    }
    int slot = slot(epochSecond);
    if (seconds[slot] != epochSecond) {
      seconds[slot] = epochSecond;
      counts[slot] = 0;
    }
    counts[slot] += n;
  }

  /** The count of one second (0 when nothing was counted or it left the ring). */
  public synchronized double count(long epochSecond) {
    int slot = slot(epochSecond);
    return seconds[slot] == epochSecond ? counts[slot] : 0;
  }

  /** Mean count per second over the {@code window} seconds before {@code now} (now excluded). */
  public synchronized double rate(long now, int window) {
    double sum = 0;
    for (long s = now - window; s < now; s++) {
      sum += count(s);
    }
    return window == 0 ? 0 : sum / window;
  }

  private int slot(long epochSecond) {
    return (int) Math.floorMod(epochSecond, (long) seconds.length);
  }
}
