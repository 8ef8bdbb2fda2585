package dev.onceflow.core.inbox.fault;

/** The payload is not JSON of the event's type. */
public class MalformedEvent extends RejectedEvent {

  public static final String REASON = "malformed-json";

  public MalformedEvent(String message) {
    super(REASON, message, null);
  }

  public MalformedEvent(String message, Throwable cause) {
    super(REASON, message, cause);
  }
}
