package dev.onceflow.relay.engine;

/**
 * A failed Kafka transaction could not be aborted, so it may still commit: publishing the batch
 * again in place could duplicate it. The engine restarts instead, from the offsets Kafka committed.
 */
public class TransactionOutcomeUnknown extends RuntimeException {

  public TransactionOutcomeUnknown(String message, Throwable cause) {
    super(message, cause);
  }
}
