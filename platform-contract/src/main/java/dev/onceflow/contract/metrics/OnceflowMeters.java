package dev.onceflow.contract.metrics;

/**
 * Micrometer meter names the services register and the dashboard, the benchmarks and the tests
 * read. Prometheus renders a name with dots as underscores plus a suffix per meter kind ({@link
 * #prometheus}): {@code onceflow.inbox.processed} becomes {@code onceflow_inbox_processed_total}.
 */
public final class OnceflowMeters {

  /** Orders accepted by the order service (counter). */
  public static final String ORDERS_PLACED = "onceflow.orders.placed";

  /** Orders cancelled by the order service (counter). */
  public static final String ORDERS_CANCELLED = "onceflow.orders.cancelled";

  /** Events written to the outbox table, tagged with the event type (counter). */
  public static final String OUTBOX_EVENTS_WRITTEN = "onceflow.outbox.events.written";

  /** Events the relay published to Kafka (counter). */
  public static final String RELAY_EVENTS_PUBLISHED = "onceflow.relay.events.published";

  /** WAL the relay's replication slot retains, in bytes (gauge). */
  public static final String RELAY_SLOT_LAG = "onceflow.relay.slot.lag";

  /** 1 while this relay instance publishes, 0 on standby (gauge). */
  public static final String RELAY_ACTIVE = "onceflow.relay.active";

  /** 1 for the relay's current state, tagged with {@code state} (gauge). */
  public static final String RELAY_STATE = "onceflow.relay.state";

  /** Events whose effect an inbox applied (counter). */
  public static final String INBOX_PROCESSED = "onceflow.inbox.processed";

  /** Deliveries an inbox skipped because it already held their event id (counter). */
  public static final String INBOX_DUPLICATES = "onceflow.inbox.duplicates";

  /** Retries of a batch after a transient failure (counter). */
  public static final String INBOX_RETRIED = "onceflow.inbox.retried";

  /**
   * Consecutive transient failures (database down, deadlock, ...) of the batches the consumer is
   * retrying now; 0 once they committed (gauge).
   */
  public static final String INBOX_TRANSIENT_FAILURES = "onceflow.inbox.transient.failures";

  /**
   * For how long the consumer has been retrying a transient failure without committing, in seconds;
   * 0 when it is not retrying (gauge).
   */
  public static final String INBOX_RETRYING = "onceflow.inbox.retrying";

  /** Records sent to the dead-letter topic, tagged with {@code reason} (counter). */
  public static final String INBOX_DEAD_LETTERED = "onceflow.inbox.dead.lettered";

  /** Events parked because they arrived ahead of their predecessor (counter). */
  public static final String INBOX_PARKED = "onceflow.inbox.parked";

  /** Events currently parked (gauge). */
  public static final String INBOX_PARKED_PENDING = "onceflow.inbox.parked.pending";

  /** Records on the topic not yet committed by the consumer group (gauge). */
  public static final String INBOX_LAG = "onceflow.inbox.consumer.lag";

  /** From the event's outbox creation ({@code createdAt}) to its effect's commit (timer). */
  public static final String INBOX_LATENCY = "onceflow.inbox.latency";

  private OnceflowMeters() {}

  /** How Prometheus renders a meter: the suffix Micrometer appends to the name. */
  public enum Kind {
    /** A counter: {@code _total}. */
    COUNTER("_total"),
    /** A timer in seconds: {@code _seconds} (plus {@code _count}, {@code _sum}, quantiles). */
    TIMER("_seconds"),
    /** A gauge measured in bytes: {@code _bytes}. */
    BYTES_GAUGE("_bytes"),
    /** A gauge without a base unit: no suffix. */
    GAUGE("");

    private final String suffix;

    Kind(String suffix) {
      this.suffix = suffix;
    }
  }

  /** The Prometheus series name of {@code meter}, e.g. {@code onceflow_inbox_processed_total}. */
  public static String prometheus(String meter, Kind kind) {
    return meter.replace('.', '_') + kind.suffix;
  }
}
