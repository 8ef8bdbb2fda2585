package dev.onceflow.core.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Set;

/**
 * Configuration of an inbox consumer, under {@code onceflow.inbox}. An invalid value fails start-up
 * with a message naming the key ({@link InboxConfigCheck}). Native Kafka client keys stay under the
 * consumer's {@code mp.messaging.incoming.<channel>.*}.
 */
@ConfigMapping(prefix = "onceflow.inbox")
public interface InboxConfig {

  /** The key prefix, used in error messages. */
  String PREFIX = "onceflow.inbox";

  /** The build-time key that turns the inbox's beans on ({@link #enabled()}). */
  String ENABLED = PREFIX + ".enabled";

  /** Default of {@link #batchSize()}, also the channel's default {@code max.poll.records}. */
  String DEFAULT_BATCH_SIZE = "500";

  /** Default of {@link #concurrency()}, also the channel's default {@code concurrency}. */
  String DEFAULT_CONCURRENCY = "1";

  /**
   * Whether this application runs an inbox consumer; read at build time: the inbox's start-up
   * checks, pruning, lag monitor, liveness check and journal exist only when it is {@code true}, so
   * a service that only writes the outbox carries none of them.
   */
  @WithDefault("false")
  boolean enabled();

  /**
   * Name of this consumer in the inbox table and its Kafka consumer group; consumers sharing a
   * database must use different names. Lower-case letters, digits, '.', '_' and '-'.
   */
  String consumerName();

  /** Topic (or, with the channel's {@code pattern=true}, topic pattern) the events arrive on. */
  String topic();

  /**
   * Most records handled in one database transaction (Kafka's {@code max.poll.records}), 1-10000.
   */
  @WithDefault(DEFAULT_BATCH_SIZE)
  int batchSize();

  /**
   * Kafka consumers (and processing threads) in this instance, each with its own partitions and
   * ordered pipeline; more than the topic's partition count leaves the extra ones idle. 1-64.
   */
  @WithDefault(DEFAULT_CONCURRENCY)
  int concurrency();

  /** Payload schema versions this consumer understands; others are dead-lettered. */
  @WithDefault("1")
  Set<Integer> supportedSchemaVersions();

  /**
   * Retries of transient failures (database down, deadlock, serialization failure): without limit,
   * a transient failure never dead-letters anything.
   */
  Retry retry();

  /** The inbox's dedupe window and its pruning. */
  Dedupe dedupe();

  /** Consumer health. */
  Health health();

  /** The per-event journal the dashboard reads. */
  Journal journal();

  /** Retry policy for transient failures. */
  interface Retry {

    /** Wait before the first retry; doubles on each further attempt. */
    @WithDefault("200ms")
    Duration initialBackoff();

    /** Upper bound of the wait between two attempts. */
    @WithDefault("30s")
    Duration maxBackoff();

    /** Random share of each wait, 0-1: 0.5 waits between 50 % and 100 % of the backoff. */
    @WithDefault("0.5")
    double jitter();
  }

  /** Dedupe window. */
  interface Dedupe {

    /**
     * How long an event id is remembered; a redelivery or replay within the window is skipped as a
     * duplicate, one after it would be applied again.
     */
    @WithDefault("7d")
    Duration window();

    /** How often entries older than the window are pruned. */
    @WithDefault("10m")
    Duration pruneInterval();

    /** Entries deleted per pruning transaction, 1-100000. */
    @WithDefault("5000")
    int pruneBatchSize();
  }

  /** The per-event outcome journal ({@code onceflow.inbox.journal}), for the dashboard. */
  interface Journal {

    /**
     * Publish each event's outcome to the journal topic after its transaction commits (best effort:
     * never blocks or fails processing).
     */
    @WithDefault("true")
    boolean enabled();
  }

  /** Health and lag monitoring. */
  interface Health {

    /**
     * The consumer is reported stalled (liveness DOWN) when it has lag but has handled nothing for
     * this long.
     */
    @WithDefault("5m")
    Duration stallThreshold();

    /** How often the consumer group's lag is read from Kafka. */
    @WithDefault("15s")
    Duration lagRefreshInterval();

    /**
     * Readiness DOWN ({@code onceflow-inbox-retrying}) once the consumer has retried a transient
     * failure without committing for this long; a single deadlock retry stays below it.
     */
    @WithDefault("10s")
    Duration retryingThreshold();
  }
}
