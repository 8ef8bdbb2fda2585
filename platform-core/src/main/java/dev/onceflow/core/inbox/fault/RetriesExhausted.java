package dev.onceflow.core.inbox.fault;

/** A transient failure outlasted {@code onceflow.inbox.retry.max-attempts}. */
public class RetriesExhausted extends RuntimeException {

  public static final String REASON = "retries-exhausted";

  public RetriesExhausted(int attempts, Throwable cause) {
    super("gave up after " + attempts + " attempts: " + cause, cause);
  }
}
