package dev.onceflow.core.inbox.fault;

/**
 * Applying the event failed with an error that a retry cannot cure (a bug, a constraint the event
 * breaks): the event alone is dead-lettered, the batch's other events are applied without it.
 */
public class ProcessingFailed extends RuntimeException {

  public static final String REASON = "processing-failed";

  public ProcessingFailed(Throwable cause) {
    super(String.valueOf(cause), cause);
  }
}
