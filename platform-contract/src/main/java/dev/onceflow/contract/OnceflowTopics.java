package dev.onceflow.contract;

import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.payment.PaymentEvents;

/** Topic names shared by the relay, the consumers, the dashboard and the tests. */
public final class OnceflowTopics {

  /**
   * Prefix of every event topic: the relay routes an event to {@code EVENT_TOPIC_PREFIX +
   * aggregateType}, following the Debezium Outbox Event Router's {@code
   * outbox.event.<aggregatetype>} convention.
   */
  public static final String EVENT_TOPIC_PREFIX = "outbox.event.";

  /** Events of the {@code order} aggregate. */
  public static final String ORDER_EVENTS = EVENT_TOPIC_PREFIX + OrderEvents.AGGREGATE_TYPE;

  /** Events of the {@code payment} aggregate (one payment per order, keyed by order id). */
  public static final String PAYMENT_EVENTS = EVENT_TOPIC_PREFIX + PaymentEvents.AGGREGATE_TYPE;

  /** Events a consumer rejected, with the reason in {@link OnceflowHeaders#DLQ_REASON}. */
  public static final String DEAD_LETTERS = "onceflow.dead-letters";

  /**
   * Compacted topic holding the relay's source offsets, written in the same transaction as the
   * events.
   */
  public static final String RELAY_OFFSETS = "onceflow.relay.offsets";

  /**
   * Outbox events Kafka will never accept (too large, invalid or missing topic), moved aside by the
   * relay with the reason in {@link OnceflowHeaders#DLQ_REASON}, in the same transaction as the
   * rest of their batch.
   */
  public static final String RELAY_DEAD_LETTERS = "onceflow.relay.dead-letters";

  /**
   * What each consumer did with each event ({@link InboxJournalEntry} as JSON, key = event id),
   * published after the consumer's database transaction commits, best effort: the dashboard builds
   * per-event journeys from it without access to any database.
   */
  public static final String INBOX_JOURNAL = "onceflow.inbox.journal";

  private OnceflowTopics() {}

  /** The topic carrying events of the given aggregate type. */
  public static String eventTopic(String aggregateType) {
    return EVENT_TOPIC_PREFIX + aggregateType;
  }
}
