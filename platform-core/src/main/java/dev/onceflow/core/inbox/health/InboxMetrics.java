package dev.onceflow.core.inbox.health;

import dev.onceflow.contract.metrics.OnceflowMeters;
import dev.onceflow.core.inbox.InboxConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumer's Prometheus metrics, all tagged with {@code consumer}. Names are constants so that
 * dashboards and tests use the same strings; Prometheus renders {@code onceflow.inbox.processed} as
 * {@code onceflow_inbox_processed_total}.
 */
@ApplicationScoped
public class InboxMetrics {

  /** Events whose effect was applied (counter). */
  public static final String PROCESSED = OnceflowMeters.INBOX_PROCESSED;

  /** Deliveries skipped because the inbox already held their event id (counter). */
  public static final String DUPLICATES = OnceflowMeters.INBOX_DUPLICATES;

  /** Retries of a batch after a transient failure (counter). */
  public static final String RETRIED = OnceflowMeters.INBOX_RETRIED;

  /** Consecutive transient failures of the batches being retried now (gauge). */
  public static final String TRANSIENT_FAILURES = OnceflowMeters.INBOX_TRANSIENT_FAILURES;

  /** Seconds the consumer has been retrying without a commit; 0 when it is not (gauge). */
  public static final String RETRYING = OnceflowMeters.INBOX_RETRYING;

  /** Records sent to the dead-letter topic, tagged with {@code reason} (counter). */
  public static final String DEAD_LETTERED = OnceflowMeters.INBOX_DEAD_LETTERED;

  /** Events parked because they arrived ahead of their predecessor (counter). */
  public static final String PARKED = OnceflowMeters.INBOX_PARKED;

  /** Events currently parked (gauge). */
  public static final String PARKED_PENDING = OnceflowMeters.INBOX_PARKED_PENDING;

  /** Records on the topic not yet committed by the consumer group (gauge). */
  public static final String LAG = OnceflowMeters.INBOX_LAG;

  /** From the event's outbox creation ({@code createdAt}) to its effect's commit (timer). */
  public static final String LATENCY = OnceflowMeters.INBOX_LATENCY;

  private final MeterRegistry registry;
  private final Clock clock;
  private final Tags tags;
  private final Counter processed;
  private final Counter duplicates;
  private final Counter retried;
  private final Counter parked;
  private final Timer latency;
  private final ConcurrentMap<String, Counter> deadLettered = new ConcurrentHashMap<>();
  private final AtomicLong lag = new AtomicLong();
  private final AtomicLong parkedPending = new AtomicLong();

  InboxMetrics(
      MeterRegistry registry, Clock clock, InboxConfig config, RetryingBatches retryingBatches) {
    this.registry = registry;
    this.clock = clock;
    this.tags = Tags.of("consumer", config.consumerName());
    this.processed = counter(PROCESSED, "Events whose effect was applied");
    this.duplicates = counter(DUPLICATES, "Deliveries skipped as already seen");
    this.retried = counter(RETRIED, "Batch retries after a transient failure");
    this.parked = counter(PARKED, "Events parked until their predecessor is applied");
    this.latency =
        Timer.builder(LATENCY)
            .description("Outbox creation of the event to commit of its effect")
            .tags(tags)
            .publishPercentiles(0.5, 0.95, 0.99)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    Gauge.builder(LAG, lag, AtomicLong::get)
        .description("Records not yet committed by the consumer group")
        .tags(tags)
        .register(registry);
    Gauge.builder(TRANSIENT_FAILURES, retryingBatches, RetryingBatches::failures)
        .description("Transient failures of the batches being retried now")
        .tags(tags)
        .register(registry);
    TimeGauge.builder(
            RETRYING, retryingBatches, TimeUnit.MILLISECONDS, r -> r.retrying().toMillis())
        .description("How long the consumer has been retrying a transient failure")
        .tags(tags)
        .register(registry);
    Gauge.builder(PARKED_PENDING, parkedPending, AtomicLong::get)
        .description("Events currently parked")
        .tags(tags)
        .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  public void processed(int n) {
    processed.increment(n);
  }

  public void duplicates(int n) {
    duplicates.increment(n);
  }

  public void retried() {
    retried.increment();
  }

  public void parked(int n) {
    parked.increment(n);
  }

  public void deadLettered(String reason) {
    deadLettered
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder(DEAD_LETTERED)
                    .description("Records sent to the dead-letter topic")
                    .tags(tags.and("reason", r))
                    .register(registry))
        .increment();
  }

  /** Records the latency of an effect committed now for an event created at {@code createdAt}. */
  public void committed(Instant createdAt) {
    if (createdAt != null) {
      Duration latencyNow = Duration.between(createdAt, clock.instant());
      if (!latencyNow.isNegative()) {
        latency.record(latencyNow);
      }
    }
  }

  public void lag(long value) {
    lag.set(value);
  }

  public void parkedPending(long value) {
    parkedPending.set(value);
  }

  public double processedCount() {
    return processed.count();
  }

  public double duplicatesCount() {
    return duplicates.count();
  }
}
