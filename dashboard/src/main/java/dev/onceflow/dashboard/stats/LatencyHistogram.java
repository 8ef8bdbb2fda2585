package dev.onceflow.dashboard.stats;

/**
 * A log-bucketed latency histogram in milliseconds: 0 ms, then buckets growing by 5 % up to about
 * 15 minutes, so any percentile is within 5 % of the truth at a fixed, small size. Not thread safe.
 */
public final class LatencyHistogram {

  private static final double GROWTH = 1.05;
  private static final double LOG_GROWTH = Math.log(GROWTH);
  static final int BUCKETS = 290;

  private final int[] counts = new int[BUCKETS];
  private long total;

  public void record(double millis) {
    counts[bucket(millis)]++;
    total++;
  }

  public void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  public void clear() {
    java.util.Arrays.fill(counts, 0);
    total = 0;
  }

  public long count() {
    return total;
  }

  /** The {@code q}-quantile (0..1) in milliseconds, or NaN when empty. */
  public double percentile(double q) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(BUCKETS - 1);
  }

  static int bucket(double millis) {
    if (!(millis >= 1)) { // also NaN and negatives (clock skew between hosts)
      return 0;
    }
    return Math.min(BUCKETS - 1, 1 + (int) (Math.log(millis) / LOG_GROWTH));
  }

  static double upperBound(int bucket) {
    return bucket == 0 ? 1 : Math.pow(GROWTH, bucket);
  }
}
