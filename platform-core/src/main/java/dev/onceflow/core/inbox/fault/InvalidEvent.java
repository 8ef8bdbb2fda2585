package dev.onceflow.core.inbox.fault;

/**
 * The event parsed but breaks its contract (missing fields, key not the order id, wrong
 * sequence...).
 */
public class InvalidEvent extends RejectedEvent {

  public static final String REASON = "validation-failed";

  public InvalidEvent(String message) {
    super(REASON, message, null);
  }

  public InvalidEvent(String message, Throwable cause) {
    super(REASON, message, cause);
  }
}
