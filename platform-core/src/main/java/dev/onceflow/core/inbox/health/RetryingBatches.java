package dev.onceflow.core.inbox.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The batches the consumer is retrying after a transient failure, one per pipeline at most. Since
 * transient failures are retried without limit, this is where a stall caused by them shows: the
 * readiness check {@link ConsumerRetryingCheck} and the gauges {@code
 * onceflow_inbox_transient_failures} and {@code onceflow_inbox_retrying_seconds} read it.
 */
@ApplicationScoped
public class RetryingBatches {

  private final Clock clock;
  private final Set<Batch> retrying = ConcurrentHashMap.newKeySet();

  RetryingBatches(Clock clock) {
    this.clock = clock;
  }

  /** Starts tracking one batch; close it once the batch committed (or the consumer stops). */
  public Batch start() {
    return new Batch();
  }

  /** Transient failures of the batches being retried now, summed; 0 when none is. */
  public long failures() {
    return retrying.stream().mapToLong(b -> b.failures).sum();
  }

  /** When the oldest batch being retried first failed, or {@code null}. */
  public Instant retryingSince() {
    return retrying.stream().map(b -> b.firstFailure).min(Instant::compareTo).orElse(null);
  }

  /** How long the oldest batch has been retried; zero when none is. */
  public Duration retrying() {
    Instant since = retryingSince();
    return since == null ? Duration.ZERO : Duration.between(since, clock.instant());
  }

  /** The last transient failure of a batch being retried, or {@code null}. */
  public String lastFailure() {
    return retrying.stream()
        .max((a, b) -> a.lastFailureAt.compareTo(b.lastFailureAt))
        .map(b -> b.lastFailure)
        .orElse(null);
  }

  /** One batch's retries. */
  public final class Batch implements AutoCloseable {
    private volatile long failures;
    private volatile Instant firstFailure;
    private volatile Instant lastFailureAt;
    private volatile String lastFailure;

    private Batch() {}

    /** Records a transient failure; the batch counts as retrying until closed. */
    public void failed(Throwable failure) {
      Instant now = clock.instant();
      if (firstFailure == null) {
        firstFailure = now;
      }
      lastFailureAt = now;
      lastFailure = String.valueOf(failure);
      failures++;
      retrying.add(this);
    }

    @Override
    public void close() {
      retrying.remove(this);
    }
  }
}
