package dev.onceflow.core.inbox.health;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides from successive lag readings whether the consumer is stalled: lag has grown beyond what
 * it was when a batch was last handled, and no batch has been handled for longer than the
 * threshold. A constant non-zero lag (a transaction marker after the last record) or an idle topic
 * is not a stall; a backlog that keeps growing while the consumer is stuck in retries is.
 */
public final class StallDetector {

  private final Duration threshold;
  private long batchesAtLastReading = -1;
  private long lagAtLastProgress;
  private Instant growingSince;

  public StallDetector(Duration threshold) {
    this.threshold = threshold;
  }

  /** Records a lag reading taken at {@code now}, with the count of batches handled so far. */
  public synchronized void observe(long lag, long batchesHandled, Instant now) {
    if (batchesHandled != batchesAtLastReading || lag <= lagAtLastProgress) {
      batchesAtLastReading = batchesHandled;
      lagAtLastProgress = lag;
      growingSince = null;
    } else if (growingSince == null) {
      growingSince = now;
    }
  }

  /** Whether lag has been growing with nothing handled for longer than the threshold. */
  public synchronized boolean stalled(Instant now) {
    return growingSince != null && Duration.between(growingSince, now).compareTo(threshold) > 0;
  }

  /** Since when lag has grown without a handled batch, or {@code null}. */
  public synchronized Instant growingSince() {
    return growingSince;
  }
}
