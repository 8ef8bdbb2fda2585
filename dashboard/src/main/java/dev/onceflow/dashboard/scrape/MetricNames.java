package dev.onceflow.dashboard.scrape;

/**
 * The Prometheus series the dashboard reads from the services, as Micrometer renders the meters
 * they register (dots become underscores, counters get {@code _total}, base units a suffix).
 */
public final class MetricNames {

  public static final String ORDERS_PLACED = "onceflow_orders_placed_total";
  public static final String ORDERS_CANCELLED = "onceflow_orders_cancelled_total";
  public static final String OUTBOX_WRITTEN = "onceflow_outbox_events_written_total";

  public static final String RELAY_PUBLISHED = "onceflow_relay_events_published_total";
  public static final String RELAY_SLOT_LAG = "onceflow_relay_slot_lag_bytes";
  public static final String RELAY_ACTIVE = "onceflow_relay_active";
  public static final String RELAY_STATE = "onceflow_relay_state";

  public static final String INBOX_PROCESSED = "onceflow_inbox_processed_total";
  public static final String INBOX_DUPLICATES = "onceflow_inbox_duplicates_total";
  public static final String INBOX_DEAD_LETTERED = "onceflow_inbox_dead_lettered_total";
  public static final String INBOX_PARKED = "onceflow_inbox_parked_total";
  public static final String INBOX_LATENCY = "onceflow_inbox_latency_seconds";

  private MetricNames() {}
}
