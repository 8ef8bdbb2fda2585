package dev.onceflow.core.inbox.fault;

/** The eventType header names no event this consumer knows. */
public class UnknownEventType extends RejectedEvent {

  public static final String REASON = "unknown-event-type";

  public UnknownEventType(String message) {
    super(REASON, message, null);
  }

  public UnknownEventType(String message, Throwable cause) {
    super(REASON, message, cause);
  }
}
