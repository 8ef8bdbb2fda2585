package dev.onceflow.core.outbox;

import dev.onceflow.contract.OutboxEvent;

/**
 * The event's payload could not be written as JSON. Thrown inside the caller's transaction, so the
 * business change that produced the event rolls back with it.
 */
public class EventNotSerializable extends RuntimeException {

  public EventNotSerializable(OutboxEvent event, Throwable cause) {
    super(
        "Cannot serialize "
            + event.eventType()
            + " of "
            + event.aggregateType()
            + " "
            + event.aggregateId()
            + " to JSON: "
            + cause.getMessage(),
        cause);
  }
}
