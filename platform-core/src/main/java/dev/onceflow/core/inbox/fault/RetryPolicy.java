package dev.onceflow.core.inbox.fault;

import dev.onceflow.core.inbox.InboxConfig;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the wait before retry {@code n} (1-based) is {@code
 * min(maxBackoff, initialBackoff * 2^(n-1))}, of which a random share up to {@code jitter} is
 * removed so that consumers retrying the same outage do not hammer the database in lock-step.
 *
 * <p>There is no attempt limit: a transient failure is retried until it passes, because giving up
 * would dead-letter events that nothing is wrong with (an outage of the database outlasts any
 * budget sooner or later). Deterministic failures are not retried at all.
 */
public final class RetryPolicy {

  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final DoubleSupplier random;

  public RetryPolicy(
      Duration initialBackoff, Duration maxBackoff, double jitter, DoubleSupplier random) {
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.jitter = jitter;
    this.random = random;
  }

  /** The policy configured under {@code onceflow.inbox.retry}. */
  public static RetryPolicy of(InboxConfig.Retry config) {
    return new RetryPolicy(
        config.initialBackoff(),
        config.maxBackoff(),
        config.jitter(),
        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
  }

  /** The wait before retry number {@code retry} (1 for the first retry). */
  public Duration backoff(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1, was " + retry);
    }
    long initial = initialBackoff.toMillis();
    long max = maxBackoff.toMillis();
    int shift = Math.min(retry - 1, 40);
    long exponential = initial > (max >> shift) ? max : Math.min(max, initial << shift);
    long withJitter = Math.round(exponential * (1 - jitter * random.getAsDouble()));
    return Duration.ofMillis(Math.max(1, withJitter));
  }
}
