package dev.onceflow.core.outbox;

import dev.onceflow.contract.OutboxEvent;

/**
 * The event's payload is larger than {@code onceflow.outbox.max-payload-bytes}: Kafka would refuse
 * it, so it could never be published. Thrown inside the caller's transaction, so the business
 * change that produced the event rolls back with it.
 */
public class EventTooLarge extends RuntimeException {

  private final int payloadBytes;
  private final int limitBytes;

  public EventTooLarge(OutboxEvent event, int payloadBytes, int limitBytes) {
    super(
        event.eventType()
            + " of "
            + event.aggregateType()
            + " "
            + event.aggregateId()
            + " is "
            + payloadBytes
            + " bytes of JSON, over the limit of "
            + limitBytes
            + " (onceflow.outbox.max-payload-bytes): Kafka would never accept it");
    this.payloadBytes = payloadBytes;
    this.limitBytes = limitBytes;
  }

  /** The payload's size as UTF-8 JSON. */
  public int payloadBytes() {
    return payloadBytes;
  }

  /** The configured limit. */
  public int limitBytes() {
    return limitBytes;
  }
}
