package dev.onceflow.core.inbox.fault;

/**
 * A record that can never be applied as it is (malformed, unknown, invalid): it goes to the
 * dead-letter topic at once, without retries, and the partition keeps flowing.
 */
public abstract class RejectedEvent extends RuntimeException {

  private final String reason;

  protected RejectedEvent(String reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  /**
   * Short machine-readable reason, the {@code onceflow.dlq.reason} header's first word, e.g. {@code
   * malformed-json}.
   */
  public String reason() {
    return reason;
  }

  /** The reason followed by the details, as written to the dead-letter header. */
  public String describe() {
    return reason + ": " + getMessage();
  }
}
