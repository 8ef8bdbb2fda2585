package dev.onceflow.core.inbox.fault;

/**
 * The id header is missing or not a UUID: the event cannot be deduplicated, so it is never applied.
 */
public class InvalidEventId extends RejectedEvent {

  public static final String REASON = "invalid-event-id";

  public InvalidEventId(String message) {
    super(REASON, message, null);
  }

  public InvalidEventId(String message, Throwable cause) {
    super(REASON, message, cause);
  }
}
