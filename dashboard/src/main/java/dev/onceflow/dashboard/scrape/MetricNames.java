package dev.onceflow.dashboard.scrape;

import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;

import dev.onceflow.contract.metrics.OnceflowMeters;
import dev.onceflow.contract.metrics.OnceflowMeters.Kind;

/**
 * The Prometheus series the dashboard reads from the services, as Micrometer renders the meters
 * they register (dots become underscores, counters get {@code _total}, base units a suffix).
 */
public final class MetricNames {

  public static final String ORDERS_PLACED = prometheus(OnceflowMeters.ORDERS_PLACED, Kind.COUNTER);
  public static final String ORDERS_CANCELLED =
      prometheus(OnceflowMeters.ORDERS_CANCELLED, Kind.COUNTER);
  public static final String OUTBOX_WRITTEN =
      prometheus(OnceflowMeters.OUTBOX_EVENTS_WRITTEN, Kind.COUNTER);

  public static final String RELAY_PUBLISHED =
      prometheus(OnceflowMeters.RELAY_EVENTS_PUBLISHED, Kind.COUNTER);
  public static final String RELAY_SLOT_LAG =
      prometheus(OnceflowMeters.RELAY_SLOT_LAG, Kind.BYTES_GAUGE);
  public static final String RELAY_ACTIVE = prometheus(OnceflowMeters.RELAY_ACTIVE, Kind.GAUGE);
  public static final String RELAY_STATE = prometheus(OnceflowMeters.RELAY_STATE, Kind.GAUGE);

  public static final String INBOX_PROCESSED =
      prometheus(OnceflowMeters.INBOX_PROCESSED, Kind.COUNTER);
  public static final String INBOX_DUPLICATES =
      prometheus(OnceflowMeters.INBOX_DUPLICATES, Kind.COUNTER);
  public static final String INBOX_DEAD_LETTERED =
      prometheus(OnceflowMeters.INBOX_DEAD_LETTERED, Kind.COUNTER);
  public static final String INBOX_PARKED = prometheus(OnceflowMeters.INBOX_PARKED, Kind.COUNTER);
  public static final String INBOX_LATENCY = prometheus(OnceflowMeters.INBOX_LATENCY, Kind.TIMER);

  /** The relay's tag naming its shard. */
  public static final String SHARD_LABEL = "shard";

  /** The outbox's tag naming the aggregate type an event was written for (its topic's suffix). */
  public static final String AGGREGATE_LABEL = "aggregate";

  /** An inbox's tag naming its consumer. */
  public static final String CONSUMER_LABEL = "consumer";

  private MetricNames() {}
}
