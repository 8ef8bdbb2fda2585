package dev.onceflow.relay;

/**
 * The delivery guarantee the relay gives, chosen with {@code onceflow.relay.delivery}.
 *
 * <p>Both modes read the same committed outbox inserts and publish the same records; they differ in
 * where the relay remembers how far it got, and therefore in what a crash costs.
 */
public enum Delivery {

  /**
   * One Kafka transaction per Debezium batch holds the batch's events and the source offset of its
   * last record. After a crash the relay resumes from the offset Kafka committed with the events:
   * nothing is lost and nothing is published twice.
   */
  EXACTLY_ONCE,

  /**
   * Debezium's stock file offset store and a plain idempotent producer: records are marked
   * processed once Kafka acknowledged them, and offsets are flushed periodically. After a crash
   * everything since the last flush is published again. Kept as the baseline the exactly-once mode
   * is measured against.
   */
  AT_LEAST_ONCE
}
