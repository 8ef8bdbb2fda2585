package dev.onceflow.dashboard.stats;

/**
 * Latencies per second (by the second they completed in) over a ring of recent seconds, merged on
 * demand into sliding-window percentiles. Thread safe.
 */
public final class LatencyWindow {

  private final long[] seconds;
  private final LatencyHistogram[] histograms;

  public LatencyWindow(int capacitySeconds) {
    seconds = new long[capacitySeconds];
    histograms = new LatencyHistogram[capacitySeconds];
    java.util.Arrays.fill(seconds, Long.MIN_VALUE);
    for (int i = 0; i < capacitySeconds; i++) {
      histograms[i] = new LatencyHistogram();
    }
  }

  /** Records a latency that completed during second {@code epochSecond}. */
  public synchronized void record(long epochSecond, long now, double millis) {
    if (epochSecond > now || epochSecond <= now - seconds.length) {
      return;
    }
    int slot = (int) Math.floorMod(epochSecond, (long) seconds.length);
    if (seconds[slot] != epochSecond) {
      seconds[slot] = epochSecond;
      histograms[slot].clear();
    }
    histograms[slot].record(millis);
  }

  /** The latencies of the seconds {@code [from, to)}, merged. */
  public synchronized LatencyHistogram merged(long from, long to) {
    LatencyHistogram merged = new LatencyHistogram();
    for (long s = Math.max(from, to - seconds.length); s < to; s++) {
      int slot = (int) Math.floorMod(s, (long) seconds.length);
      if (seconds[slot] == s) {
        merged.add(histograms[slot]);
      }
    }
    return merged;
  }
}
