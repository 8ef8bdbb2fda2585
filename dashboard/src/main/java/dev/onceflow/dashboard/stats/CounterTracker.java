package dev.onceflow.dashboard.stats;

/**
 * Turns samples of a monotonic counter read from another process (a Prometheus {@code _total}) into
 * per-second counts: each increase is spread evenly over the seconds since the previous sample. A
 * decrease means the process restarted: that sample only becomes the new baseline.
 */
public final class CounterTracker {

  private final PerSecondCounter perSecond;
  private double lastValue = Double.NaN;
  private long lastMillis;
  private double total = Double.NaN;

  public CounterTracker(int capacitySeconds) {
    perSecond = new PerSecondCounter(capacitySeconds);
  }

  /** Records a sample {@code value} read at {@code epochMillis}. */
  public synchronized void sample(long epochMillis, double value) {
    if (Double.isNaN(value)) {
      return;
    }
    total = value;
    if (!Double.isNaN(lastValue) && value >= lastValue && epochMillis > lastMillis) {
      double delta = value - lastValue;
      long from = lastMillis / 1000;
      long to = epochMillis / 1000;
      long spanSeconds = Math.max(1, to - from);
      long now = to;
      for (long s = from + (to > from ? 1 : 0); s <= to; s++) {
        perSecond.add(s, now, delta / spanSeconds);
      }
    }
    lastValue = value;
    lastMillis = epochMillis;
  }

  /** The last value read, NaN before the first. */
  public synchronized double total() {
    return total;
  }

  /** Whether a sample was ever read. */
  public synchronized boolean known() {
    return !Double.isNaN(total);
  }

  /** Forgets the last value: the source is unreachable, its next value is a new baseline. */
  public synchronized void unreachable() {
    lastValue = Double.NaN;
  }

  public PerSecondCounter perSecond() {
    return perSecond;
  }
}
