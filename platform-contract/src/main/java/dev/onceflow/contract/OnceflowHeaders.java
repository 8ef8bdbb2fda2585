package dev.onceflow.contract;

/**
 * Kafka header names on every event the relay publishes. The relay writes them, the inbox reads
 * them and the tests assert on them, so they are defined once, here.
 */
public final class OnceflowHeaders {

  /**
   * The event's id (a UUID): the key consumers deduplicate on. Named as the Outbox Event Router
   * names it.
   */
  public static final String EVENT_ID = "id";

  /** The event's type, e.g. {@code OrderPlaced}. */
  public static final String EVENT_TYPE = "eventType";

  /** The payload's schema version (a decimal integer). */
  public static final String SCHEMA_VERSION = "schemaVersion";

  /** The event's position in its aggregate's history, starting at 1 (a decimal integer). */
  public static final String AGGREGATE_SEQUENCE = "aggregateSequence";

  /** W3C trace context of the transaction that wrote the event, when it was traced. */
  public static final String TRACEPARENT = "traceparent";

  /**
   * When the event was written to the outbox (ISO-8601 instant); the start of every latency we
   * measure.
   */
  public static final String CREATED_AT = "createdAt";

  /**
   * When the transaction that wrote the event committed in the source database (ISO-8601 instant;
   * Debezium's source {@code ts_ms}), when the relay knows it.
   */
  public static final String COMMITTED_AT = "committedAt";

  /** Dead-letter headers: why the event was rejected and where it came from. */
  public static final String DLQ_REASON = "onceflow.dlq.reason";

  public static final String DLQ_EXCEPTION = "onceflow.dlq.exception";
  public static final String DLQ_TOPIC = "onceflow.dlq.topic";
  public static final String DLQ_PARTITION = "onceflow.dlq.partition";
  public static final String DLQ_OFFSET = "onceflow.dlq.offset";

  /** Name of the consumer (its inbox name) that dead-lettered the event. */
  public static final String DLQ_CONSUMER = "onceflow.dlq.consumer";

  private OnceflowHeaders() {}
}
